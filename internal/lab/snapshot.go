package lab

import (
	"fmt"
	"net/http"
	"strconv"

	"dlfs/network"
)

// maxSnaps bounds the networks a run keeps from its evaluations: 17 for
// `go run .`'s, 5 MB; a run that evaluates more often (a small -data set)
// keeps every other one each time the bound is reached.
const maxSnaps = 64

// A snapshot is a run's network at one of its evaluations, after done
// updates: a copy, never changed.
type snapshot struct {
	done int
	net  *network.TwoLayerNet
}

// thin halves snaps once they reach maxSnaps, keeping the last.
func thin(snaps []snapshot) []snapshot {
	if len(snaps) < maxSnaps {
		return snaps
	}
	kept := snaps[:0]
	for i := (len(snaps) + 1) % 2; i < len(snaps); i += 2 { // the last is kept
		kept = append(kept, snaps[i])
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
