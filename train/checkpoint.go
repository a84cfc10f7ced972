package train

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"dlfs/internal/regular"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// A Checkpoint is a run's state after some updates: everything Resume
// needs to finish it exactly as if it had never stopped.
type Checkpoint struct {
	Config  Config
	Data    DataRecord
	Net     *network.TwoLayerNet
	Initial *tensor.Tensor // W1 before the first update
	Done    int            // updates done
	Losses  []float64      // the loss after each of them
	Rates   []Rate         // the learning rates they took
	Evals   []Eval         // the evaluations so far
	Elapsed time.Duration
	Random  []byte // the random source's state: a PCG's, or numpy's for Config.Book
	Sampler []int  // Run's permutation kept between batches drawn without replacement

	// Diverged says that the run's next update, Done + 1, had a loss
	// that is not a number (Result.Diverged): the run ends here.
	Diverged bool
}

// A DataRecord says which data a run trains on, so that it is continued
// on the same: the folder given to -data (absolute; empty for the
// embedded MNIST), the sizes of its sets and the sum of its contents
// (mnist.Dataset.SHA256). Run fills in all but the folder.
type DataRecord struct {
	Dir         string `json:"dir"`
	Train, Test int
	SHA256      string `json:"sha256"`
}

// recordOf is the record of data, its folder left for the caller.
func recordOf(data *mnist.Dataset) DataRecord {
	return DataRecord{Train: data.Train.Len(), Test: data.Test.Len(), SHA256: data.SHA256()}
}

// Name is how a message names the data: the embedded MNIST, or its folder.
func (d DataRecord) Name() string {
	if d.Dir == "" {
		return "the embedded MNIST"
	}
	return d.Dir
}

// WriteCheckpoint writes ck to path atomically, as a zip archive that
// np.load reads too: W1.npy, b1.npy, W2.npy, b2.npy, W1_initial.npy (W1
// before training), losses.npy, evals.npy
// (a row per evaluation: iter, loss, train acc, test acc, seconds elapsed),
// sampler.npy where there is one, and run.json with the settings, the
// data's record, the count of updates, the time, the random source's
// state, and whether the run diverged after them.
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
	state, err := json.Marshal(runState{ck.Config, ck.Config.Book, ck.Data, ck.Done, ck.Rates, ck.Elapsed, elapsedOf(ck.Evals), ck.Random, ck.Diverged})
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return regular.Write(path, func(w io.Writer) error {
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
	Data        DataRecord      `json:"data"`
	Done        int             `json:"updates_done"`
	Rates       []Rate          `json:"learning_rates"`
	Elapsed     time.Duration   `json:"elapsed_ns"`
	EvalElapsed []time.Duration `json:"eval_elapsed_ns"`
	Random      []byte          `json:"random_state"`
	Diverged    bool            `json:"diverged,omitempty"`
}

func elapsedOf(evals []Eval) []time.Duration {
	d := make([]time.Duration, len(evals))
	for i, e := range evals {
		d[i] = e.Elapsed
	}
	return d
}

// maxRunState bounds run.json, the settings and a few numbers.
const maxRunState = 1 << 20

// Matches reports whether data is the data the run saved trained on:
// the same contents, whatever the folder it is read from now.
func (ck *Checkpoint) Matches(data *mnist.Dataset) error {
	now := recordOf(data)
	if now.Train != ck.Data.Train || now.Test != ck.Data.Test || now.SHA256 != ck.Data.SHA256 {
		return fmt.Errorf("the run trained on %s, %d training and %d test images of SHA-256 %.12s…; the data now has %d and %d, of SHA-256 %.12s…",
			ck.Data.Name(), ck.Data.Train, ck.Data.Test, ck.Data.SHA256, now.Train, now.Test, now.SHA256)
	}
	return nil
}
