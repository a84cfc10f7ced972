package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// A signals watches for SIGINT and SIGTERM: the first sets stopping, or
// after the training says that only its files are left to write; the
// second exits with status 130.
type signals struct {
	stopping atomic.Bool
	done     atomic.Bool // the training is over
	release  func()
}

// exit is how the second signal quits: os.Exit, which a test replaces to
// see the status without ending its process.
var exit = os.Exit

// onSignal watches for SIGINT and SIGTERM until release is called.
func onSignal(stderr io.Writer) *signals {
	s := new(signals)
	sig := make(chan os.Signal, 2)
	quit := make(chan struct{})
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sig:
		case <-quit:
			return
		}
		if s.done.Load() {
			fmt.Fprintln(stderr, "the training is over: writing its files; interrupt again to quit at once")
		} else {
			s.stopping.Store(true)
			fmt.Fprintln(stderr, "stopping after the update in progress to save the run; interrupt again to quit at once")
		}
		select {
		case <-sig:
			exit(130)
		case <-quit:
		}
	}()
	s.release = func() {
		signal.Stop(sig)
		close(quit)
	}
	return s
}

// finished records that the training is over: a signal now can only stop
// the writing of its files.
func (s *signals) finished() { s.done.Store(true) }
