package train

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// A Checkpoint is a run's state after some updates: everything Resume
// needs to finish it exactly as if it had never stopped.
type Checkpoint struct {
	Config  Config
	Book    bool // a Book run; otherwise Run's
	Net     *network.TwoLayerNet
	Initial *tensor.Tensor // W1 before the first update
	Done    int            // updates done
	Losses  []float64      // the loss after each of them
	Evals   []Eval         // the evaluations so far
	Elapsed time.Duration
	Random  []byte // the random source's state: a PCG's, or numpy's for Book
	Sampler []int  // Run's permutation kept between batches drawn without replacement
}

// WriteCheckpoint writes ck to path atomically, as a zip archive that
// np.load reads too: W1.npy, b1.npy, W2.npy, b2.npy, W1_initial.npy (W1
// before training), losses.npy, evals.npy
// (a row per evaluation: iter, loss, train acc, test acc, seconds elapsed),
// sampler.npy where there is one, and run.json with the settings, the
// count of updates, the time and the random source's state.
func WriteCheckpoint(path string, ck *Checkpoint) error {
	evals := tensor.Zeros(len(ck.Evals), 5)
	for i, e := range ck.Evals {
		copy(evals.Data()[5*i:], []float64{float64(e.Iter), e.Loss, e.TrainAcc, e.TestAcc, e.Elapsed.Seconds()})
	}
	arrays := []struct {
		name string
		t    *tensor.Tensor
	}{
		{"W1", ck.Net.W1}, {"b1", ck.Net.B1}, {"W2", ck.Net.W2}, {"b2", ck.Net.B2}, {"W1_initial", ck.Initial},
		{"losses", tensor.New(ck.Losses, len(ck.Losses))}, {"evals", evals},
	}
	if ck.Sampler != nil {
		s := tensor.Zeros(len(ck.Sampler))
		for i, v := range ck.Sampler {
			s.Data()[i] = float64(v)
		}
		arrays = append(arrays, struct {
			name string
			t    *tensor.Tensor
		}{"sampler", s})
	}
	state, err := json.Marshal(runState{ck.Config, ck.Book, ck.Done, ck.Elapsed, elapsedOf(ck.Evals), ck.Random})
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return writeAtomic(path, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		for _, a := range arrays {
			f, err := zw.CreateHeader(&zip.FileHeader{Name: a.name + ".npy", Method: zip.Store})
			if err == nil {
				err = tensor.WriteNPY(f, a.t)
			}
			if err != nil {
				return err
			}
		}
		f, err := zw.Create("run.json")
		if err == nil {
			_, err = f.Write(state)
		}
		if err != nil {
			return err
		}
		return zw.Close()
	})
}

// runState is run.json: what a checkpoint holds beyond its arrays. The
// evaluations' times are kept exactly here, evals.npy has them in seconds.
type runState struct {
	Settings    Config          `json:"settings"`
	Book        bool            `json:"book"`
	Done        int             `json:"updates_done"`
	Elapsed     time.Duration   `json:"elapsed_ns"`
	EvalElapsed []time.Duration `json:"eval_elapsed_ns"`
	Random      []byte          `json:"random_state"`
}

func elapsedOf(evals []Eval) []time.Duration {
	d := make([]time.Duration, len(evals))
	for i, e := range evals {
		d[i] = e.Elapsed
	}
	return d
}

// maxCheckpoint bounds the size of a checkpoint file read: 1 GiB.
const maxCheckpoint = 1 << 30

// ReadCheckpoint reads a checkpoint WriteCheckpoint wrote and checks that
// it can be resumed: settings a run accepts, a network of their shape with
// finite values, as many losses as updates done, a random state of the
// run's kind, a sampler that is a permutation. Every error names the file.
func ReadCheckpoint(path string) (*Checkpoint, error) {
	ck, err := readCheckpoint(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ck, nil
}

func readCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) > maxCheckpoint {
		return nil, fmt.Errorf("%d bytes, more than a checkpoint's %d", len(b), maxCheckpoint)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not a checkpoint (not a zip archive): %w", err)
	}
	arrays := map[string]*tensor.Tensor{}
	var state runState
	sawState := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("entry %q: %w", f.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxCheckpoint))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("entry %q: %w", f.Name, err)
		}
		if f.Name == "run.json" {
			if err := json.Unmarshal(data, &state); err != nil {
				return nil, fmt.Errorf("run.json: %w", err)
			}
			sawState = true
			continue
		}
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			return nil, fmt.Errorf("unexpected entry %q", f.Name)
		}
		if arrays[name], err = tensor.ReadNPY(data); err != nil {
			return nil, fmt.Errorf("entry %q: %w", f.Name, err)
		}
	}
	if !sawState || arrays["losses"] == nil || arrays["evals"] == nil || arrays["W1_initial"] == nil {
		return nil, errors.New("not a checkpoint: run.json, W1_initial.npy, losses.npy or evals.npy is missing")
	}
	cfg := state.Settings
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	net, err := netFrom(arrays)
	if err != nil {
		return nil, err
	}
	if h := net.W1.Dim(1); h != cfg.Hidden {
		return nil, fmt.Errorf("W1 has %d hidden units, the settings %d", h, cfg.Hidden)
	}
	if initial := arrays["W1_initial"]; !slices.Equal(initial.Shape(), net.W1.Shape()) {
		return nil, fmt.Errorf("W1_initial has shape %v, W1 %v", initial.Shape(), net.W1.Shape())
	}
	losses, evals := arrays["losses"], arrays["evals"]
	if state.Done < 0 || state.Done > cfg.Iters || losses.Rank() != 1 || losses.Size() != state.Done {
		return nil, fmt.Errorf("%d updates done of %d, with %d losses", state.Done, cfg.Iters, losses.Size())
	}
	if evals.Rank() != 2 || evals.Dim(1) != 5 || evals.Dim(0) != len(state.EvalElapsed) {
		return nil, fmt.Errorf("evals has shape %v for %d evaluation times", evals.Shape(), len(state.EvalElapsed))
	}
	ck := &Checkpoint{Config: cfg, Book: state.Book, Net: net, Initial: arrays["W1_initial"], Done: state.Done,
		Losses: losses.Data(), Elapsed: state.Elapsed, Random: state.Random}
	for i := range evals.Dim(0) {
		e := evals.Data()[5*i : 5*i+5]
		if e[0] != float64(int(e[0])) || int(e[0]) < 0 || int(e[0]) >= state.Done {
			return nil, fmt.Errorf("evaluation %d is at update %v, of %d done", i, e[0], state.Done)
		}
		ck.Evals = append(ck.Evals, Eval{int(e[0]), e[1], e[2], e[3], state.EvalElapsed[i]})
	}
	if state.Book {
		err = new(nprand.RandomState).UnmarshalBinary(state.Random)
	} else {
		err = new(rand.PCG).UnmarshalBinary(state.Random)
	}
	if err != nil {
		return nil, fmt.Errorf("random state: %w", err)
	}
	if s := arrays["sampler"]; s != nil {
		perm := make([]int, s.Size())
		for i, v := range s.Data() {
			perm[i] = int(v)
		}
		if s.Rank() != 1 || !isPermutation(perm) {
			return nil, errors.New("sampler.npy is not a permutation")
		}
		ck.Sampler = perm
	}
	if (ck.Sampler == nil) != (state.Book || cfg.Replace) {
		return nil, errors.New("sampler.npy: present only for batches drawn without replacement by the engine")
	}
	return ck, nil
}

// isPermutation reports whether p holds each of 0 … len(p)−1 once.
func isPermutation(p []int) bool {
	seen := make([]bool, len(p))
	for _, v := range p {
		if v < 0 || v >= len(p) || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

// FitsData reports whether the run saved can continue on a training set
// of trainSize images: the one it was drawing batches from.
func (ck *Checkpoint) FitsData(trainSize int) error {
	if ck.Sampler != nil && len(ck.Sampler) != trainSize {
		return fmt.Errorf("its batches are drawn from %d images, the data has %d", len(ck.Sampler), trainSize)
	}
	return ck.Config.FitsData(trainSize)
}
