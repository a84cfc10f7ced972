package lab

import (
	"fmt"
	"net/http"
	"strconv"

	"dlfs/mnist"
	"dlfs/network"
)

// The networks a run keeps from its evaluations: at most maxSnaps, and at
// most snapBytes of them (a larger network keeps fewer, two at least).
// `go run .`'s run keeps its 17, 5 MB; a run that evaluates more often (a
// small -data set) keeps every other one each time the bound is reached.
const (
	maxSnaps  = 64
	snapBytes = 32 << 20
)

// snapLimit is how many networks of hidden units a run keeps.
func snapLimit(hidden int) int {
	return int(max(2, min(maxSnaps, snapBytes/netBytes(hidden))))
}

// netBytes is the memory of a network's parameters.
func netBytes(hidden int) int64 {
	h := int64(hidden)
	return 8 * (mnist.Pixels*h + h + h*mnist.Classes + mnist.Classes)
}

// A snapshot is a run's network at one of its evaluations, after done
// updates: a copy, never changed.
type snapshot struct {
	done int
	net  *network.TwoLayerNet
}

// thin returns every other of s, the last kept, once s reaches n, and s
// itself before: the snapshots a run keeps, and its eval events that keep
// their confusion and digits, alike.
func thin[T any](s []T, n int) []T {
	if len(s) < n {
		return s
	}
	kept := make([]T, 0, len(s)/2+1)
	for i := (len(s) + 1) % 2; i < len(s); i += 2 {
		kept = append(kept, s[i])
	}
	return kept
}

// at returns the network the run kept at its last evaluation after at
// most done updates, and the updates it had taken.
func (r *run) at(done int) (*network.TwoLayerNet, int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.snaps) - 1; i >= 0; i-- {
		if r.snaps[i].done <= done {
			return r.snaps[i].net, r.snaps[i].done, true
		}
	}
	return nil, 0, false
}

// updatesParam reads the query's updates=N, the network of a look back,
// or -1 without one.
func updatesParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("updates")
	if s == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("updates %q: must be a count of updates, 0 or more", s)
	}
	return n, nil
}

// unitsAt answers GET /api/runs/{id}/units?updates=N: the units of the
// network the run kept at its last evaluation after at most N updates, as
// a units event draws them.
func unitsAt(w http.ResponseWriter, r *http.Request, run *run) {
	n, err := updatesParam(r)
	if err != nil || n < 0 {
		if err == nil {
			err = fmt.Errorf("updates: missing; the units of the run now are in its event stream")
		}
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	net, done, ok := run.at(n)
	if !ok {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("run %d kept no network from an evaluation after %d updates or fewer", run.id, n))
		return
	}
	writeJSON(w, http.StatusOK, units(net, done))
}
