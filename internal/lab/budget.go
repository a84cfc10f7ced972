package lab

import (
	"context"
	"fmt"
	"sync"
)

// A budget shares a number of units among requests that each take some
// for a while: the pixels the server decodes at once, so that a flood of
// huge images waits its turn and a small drawing still gets in.
type budget struct {
	total int
	mu    sync.Mutex
	free  int
	more  chan struct{} // closed, and replaced, when units come back
}

func newBudget(n int) *budget { return &budget{total: n, free: n, more: make(chan struct{})} }

// acquire takes n units, waiting until they are free or ctx is done. More
// than the whole budget is an error at once: it would never be free.
func (b *budget) acquire(ctx context.Context, n int) error {
	if n > b.total {
		return fmt.Errorf("%d units of a budget of %d", n, b.total)
	}
	for {
		b.mu.Lock()
		if n <= b.free {
			b.free -= n
			b.mu.Unlock()
			return nil
		}
		more := b.more
		b.mu.Unlock()
		select {
		case <-more:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// release gives back n units.
func (b *budget) release(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.free += n
	close(b.more)
	b.more = make(chan struct{})
}
