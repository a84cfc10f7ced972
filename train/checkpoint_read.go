package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"dlfs/internal/regular"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// ReadCheckpoint reads a checkpoint WriteCheckpoint wrote and checks that
// it can be resumed: settings a run accepts, whose run fits in limit
// bytes (Config.Memory), a record of its data, a network of their shape
// with finite values, as many losses as updates done, a random state of
// the run's kind, a sampler that is a permutation of the training images.
// run.json is read first, and each array only as far as the settings say
// it extends. Every error names the file.
func ReadCheckpoint(path string, limit int64) (*Checkpoint, error) {
	ck, err := readCheckpoint(path, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ck, nil
}

func readCheckpoint(path string, limit int64) (*Checkpoint, error) {
	f, err := regular.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	z, err := tensor.OpenNPZ(f, info.Size())
	if err != nil {
		return nil, fmt.Errorf("not a checkpoint (not a zip archive): %w", err)
	}
	names, files := z.Names(), z.Files()
	want := []string{"W1", "b1", "W2", "b2", "W1_initial", "losses", "evals", "sampler"}
	for _, name := range names {
		if !slices.Contains(want, name) {
			return nil, fmt.Errorf("unexpected entry %q", name+".npy")
		}
	}
	for _, name := range files {
		if name != "run.json" {
			return nil, fmt.Errorf("unexpected entry %q", name)
		}
	}
	if !slices.Contains(files, "run.json") || !slices.Contains(names, "losses") || !slices.Contains(names, "evals") || !slices.Contains(names, "W1_initial") {
		return nil, errors.New("not a checkpoint: run.json, W1_initial.npy, losses.npy or evals.npy is missing")
	}
	b, err := z.ReadFile("run.json", maxRunState)
	if err != nil {
		return nil, err
	}
	var state runState
	if err := json.Unmarshal(b, &state); err != nil {
		return nil, fmt.Errorf("run.json: %w", err)
	}
	cfg, data := state.Settings, state.Data
	cfg.Book = state.Book
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	if data.Train < 1 || data.Test < 1 || len(data.SHA256) != 64 || strings.Trim(data.SHA256, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("no record of the data it trains on (%d training and %d test images, SHA-256 %q)", data.Train, data.Test, data.SHA256)
	}
	if err := cfg.FitsData(data.Train); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	if err := cfg.FitsMemory(limit, data.Train, data.Test); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	if state.Done < 0 || state.Done > cfg.Iters {
		return nil, fmt.Errorf("%d updates done of %d", state.Done, cfg.Iters)
	}
	if err := checkRates(state.Rates, cfg, state.Done); err != nil {
		return nil, err
	}
	net, err := readNet(z, func(h int) error {
		if h != cfg.Hidden {
			return fmt.Errorf("W1 has %d hidden units, the settings %d", h, cfg.Hidden)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	shaped := func(name string, want ...int) (*tensor.Tensor, error) {
		return z.Read(name, func(shape []int) error {
			if !slices.Equal(shape, want) {
				return fmt.Errorf("%s has shape %v, want %v", name, shape, want)
			}
			return nil
		})
	}
	initial, err := shaped("W1_initial", net.W1.Shape()...)
	if err != nil {
		return nil, err
	}
	losses, err := shaped("losses", state.Done)
	if err != nil {
		return nil, fmt.Errorf("%d updates done: %w", state.Done, err)
	}
	if len(state.EvalElapsed) > state.Done {
		return nil, fmt.Errorf("%d evaluation times for %d updates done", len(state.EvalElapsed), state.Done)
	}
	evals, err := shaped("evals", len(state.EvalElapsed), 5)
	if err != nil {
		return nil, fmt.Errorf("%d evaluation times: %w", len(state.EvalElapsed), err)
	}
	ck := &Checkpoint{Config: cfg, Data: data, Net: net, Initial: initial, Done: state.Done,
		Losses: losses.Data(), Rates: state.Rates, Elapsed: state.Elapsed, Random: state.Random, Diverged: state.Diverged}
	for i := range evals.Dim(0) {
		e := evals.Data()[5*i : 5*i+5]
		if e[0] != float64(int(e[0])) || int(e[0]) < 0 || int(e[0]) >= state.Done {
			return nil, fmt.Errorf("evaluation %d is at update %v, of %d done", i, e[0], state.Done)
		}
		ck.Evals = append(ck.Evals, Eval{int(e[0]), e[1], e[2], e[3], state.EvalElapsed[i]})
	}
	if cfg.Book {
		err = new(nprand.RandomState).UnmarshalBinary(state.Random)
	} else {
		err = new(rand.PCG).UnmarshalBinary(state.Random)
	}
	if err != nil {
		return nil, fmt.Errorf("random state: %w", err)
	}
	withSampler := !cfg.Book && !cfg.Replace
	if slices.Contains(names, "sampler") != withSampler {
		return nil, errors.New("sampler.npy: present only for batches drawn without replacement by the engine")
	}
	if withSampler {
		s, err := shaped("sampler", data.Train)
		if err != nil {
			return nil, fmt.Errorf("for %d training images: %w", data.Train, err)
		}
		perm := make([]int, s.Size())
		for i, v := range s.Data() {
			perm[i] = int(v)
			if v != float64(perm[i]) {
				perm[i] = -1
			}
		}
		if !isPermutation(perm) {
			return nil, errors.New("sampler.npy is not a permutation")
		}
		ck.Sampler = perm
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
