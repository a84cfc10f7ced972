package train

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// TestDivergedRunEndsBefore: a run whose loss stops being a finite number
// ends before that update, its network the one of the updates before:
// the same, bit for bit, as a run of that many updates from the start.
// The weights are made infinite after update j, as a learning rate too
// large does, so the loss of update j+1 is NaN; the run is replayed from
// its last evaluation, before the weights were touched.
func TestDivergedRunEndsBefore(t *testing.T) {
	d := smallData(t)
	for _, c := range []struct {
		name string
		cfg  Config
		run  func(Config, *mnist.Dataset, Hooks) *Result
	}{
		{"engine", Config{Iters: 40, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}, Run},
		{"engine, replacement", Config{Iters: 40, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9, Replace: true}, Run},
		{"book", Config{Iters: 40, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9, Replace: true, Book: true}, runBook},
	} {
		// An epoch is 4 updates: evaluations after updates 0, 4, 8, …, and
		// the weights are made infinite after 1, 5, 10, 37, between them.
		for _, j := range []int{1, 5, 10, 37} {
			var net *network.TwoLayerNet
			var last Checkpoint
			diverged := false // a checkpoint marked diverged before the run did
			res := c.run(c.cfg, d, Hooks{
				Checkpoint: func(ck *Checkpoint) error {
					net, last = ck.Net, *ck
					diverged = diverged || ck.Diverged && ck.Done <= j
					return nil
				},
				Step: func(i int, _ float64) {
					if i == j {
						net.W2.Data()[0] = math.Inf(1)
					}
				},
			})
			if !res.Diverged || !math.IsNaN(res.DivergedLoss) || len(res.Losses) != j+1 || res.Final.Iter != j+1 || res.Interrupted || res.Err != nil {
				t.Fatalf("%s, weights infinite after update %d: diverged %v (loss %v) after %d updates, final at %d, interrupted %v, error %v",
					c.name, j, res.Diverged, res.DivergedLoss, len(res.Losses), res.Final.Iter, res.Interrupted, res.Err)
			}
			// Its last checkpoint is of the updates before, under the run's
			// settings, and says that the run diverged there.
			if !last.Diverged || last.Done != j+1 || last.Config != c.cfg || diverged {
				t.Errorf("%s, diverged at update %d: the last checkpoint after %d updates of %d, diverged %v; one before marked diverged %v",
					c.name, j+1, last.Done, last.Config.Iters, last.Diverged, diverged)
			}
			cfg := c.cfg
			cfg.Iters = j + 1
			want := c.run(cfg, d, Hooks{})
			if !slices.Equal(res.Losses, want.Losses) || len(res.Evals) != len(want.Evals) ||
				res.Final.TrainAcc != want.Final.TrainAcc || res.Final.TestAcc != want.Final.TestAcc {
				t.Errorf("%s, diverged at update %d: losses %v, %d evaluations, final %+v; a run of %d updates: %v, %d, %+v",
					c.name, j+1, res.Losses, len(res.Evals), res.Final, j+1, want.Losses, len(want.Evals), want.Final)
			}
			for name, p := range res.Net.All() {
				for name2, q := range want.Net.All() {
					if name == name2 && !tensor.AllClose(p, q, 0, 0) {
						t.Errorf("%s, diverged at update %d: %s is not the network of the %d updates before", c.name, j+1, name, j+1)
					}
				}
			}
		}
	}
}

// TestCheckpointErrorStopsTheRun: a checkpoint the hook cannot save stops
// the run at that evaluation, with the error, not evaluated again.
func TestCheckpointErrorStopsTheRun(t *testing.T) {
	d := smallData(t)
	// 30 images in batches of 6: an epoch is 5 updates, for the book's
	// loop too, and the evaluations come after updates 0, 5, 10, …
	cfg := Config{Iters: 40, Batch: 6, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	full := errors.New("no space left on device")
	for name, run := range map[string]func(Config, *mnist.Dataset, Hooks) *Result{"engine": Run, "book": runBook} {
		saved, evals := 0, 0
		res := run(cfg, d, Hooks{
			Eval: func(Eval) { evals++ },
			Checkpoint: func(ck *Checkpoint) error {
				if ck.Done == 11 { // the third evaluation, after update 10
					return full
				}
				saved++
				return nil
			},
		})
		if !errors.Is(res.Err, full) || len(res.Losses) != 11 || saved != 2 || evals != 3 || res.Final != (Eval{}) {
			t.Errorf("%s: error %v after %d updates, %d checkpoints saved, %d evaluations, final %+v", name, res.Err, len(res.Losses), saved, evals, res.Final)
		}
		// The last checkpoint, of the finished run, fails too.
		res = run(cfg, d, Hooks{Checkpoint: func(ck *Checkpoint) error {
			if ck.Done == cfg.Iters {
				return full
			}
			return nil
		}})
		if !errors.Is(res.Err, full) || len(res.Losses) != cfg.Iters {
			t.Errorf("%s: the final checkpoint's error %v after %d updates", name, res.Err, len(res.Losses))
		}
	}
}

// checkpointOf runs cfg and returns its last checkpoint's file.
func checkpointOf(t *testing.T, d *mnist.Dataset, cfg Config) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	Run(cfg, d, Hooks{Checkpoint: func(ck *Checkpoint) error { return WriteCheckpoint(path, ck) }})
	return mustRead(t, path)
}

// rewrite returns the checkpoint b with the entry name replaced by data
// (removed if nil), or added.
func rewrite(t *testing.T, b []byte, name string, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		body := mustOpen(t, f)
		if f.Name == name {
			found, body = true, data
		}
		if body == nil {
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(body)
	}
	if !found {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

func mustOpen(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var b bytes.Buffer
	b.ReadFrom(rc)
	return b.Bytes()
}

// npy is t as an .npy file.
func npy(t *tensor.Tensor) []byte {
	var b bytes.Buffer
	tensor.WriteNPY(&b, t)
	return b.Bytes()
}

// TestCheckpointRefusesEachField: a checkpoint with one field changed is
// refused, with the field named, the unchanged one read; the arrays are
// read only as far as run.json says they extend.
func TestCheckpointRefusesEachField(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 9, Batch: 6, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9} // evaluated at updates 0 and 5
	good := checkpointOf(t, d, cfg)
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	var state map[string]any
	for _, f := range zr.File {
		if f.Name == "run.json" {
			json.Unmarshal(mustOpen(t, f), &state)
		}
	}
	// withState is the checkpoint with run.json's field key (a path into
	// its objects) set to v.
	withState := func(v any, keys ...string) []byte {
		s, _ := json.Marshal(state)
		var m map[string]any
		json.Unmarshal(s, &m)
		obj := m
		for _, k := range keys[:len(keys)-1] {
			obj = obj[k].(map[string]any)
		}
		obj[keys[len(keys)-1]] = v
		s, _ = json.Marshal(m)
		return rewrite(t, good, "run.json", s)
	}
	// noneDone is the checkpoint of a run resumed before its first update:
	// run.json and the arrays all say so.
	noneDone := func() []byte {
		s, _ := json.Marshal(state)
		var m map[string]any
		json.Unmarshal(s, &m)
		m["updates_done"], m["eval_elapsed_ns"] = 0, []int{}
		s, _ = json.Marshal(m)
		b := rewrite(t, good, "run.json", s)
		b = rewrite(t, b, "losses.npy", npy(tensor.Zeros(0)))
		return rewrite(t, b, "evals.npy", npy(tensor.Zeros(0, 5)))
	}
	perm := tensor.Arange(0, 30, 1)
	repeat := perm.Clone()
	repeat.Data()[3] = 4
	fraction := perm.Clone()
	fraction.Data()[1] = 1.5
	past := perm.Clone()
	past.Data()[29] = 30
	huge := tensor.Zeros(784, 6)
	huge.Data()[0] = math.NaN()
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"the unchanged one", good, ""},
		{"iters 0", withState(0, "settings", "Iters"), "settings: iters 0: must be at least 1"},
		{"lr NaN", withState("NaN", "settings", "LR"), "run.json"},
		{"more updates done than iters", withState(10, "updates_done"), "10 updates done of 9"},
		{"fewer updates done than losses", withState(8, "updates_done"), "8 updates done: losses has shape [9], want [8]"},
		{"updates done negative", withState(-1, "updates_done"), "-1 updates done of 9"},
		{"no data record", withState(map[string]any{}, "data"), "no record of the data it trains on"},
		{"a data sum not hex", withState(strings.Repeat("g", 64), "data", "sha256"), "no record of the data it trains on"},
		{"a sampler for more images than the data", withState(31, "data", "Train"), "for 31 training images: sampler has shape [30], want [31]"},
		{"a batch larger than the data", withState(5, "data", "Train"), "settings: batch 6: larger than the 5 training images"},
		{"more evaluation times than evaluations", withState([]int{1, 2, 3, 4}, "eval_elapsed_ns"), "4 evaluation times: evals has shape [2 5], want [4 5]"},
		{"a random state of another kind", withState("AAAA", "random_state"), "random state"},
		{"hidden units not the settings'", withState(7, "settings", "Hidden"), "W1 has 6 hidden units, the settings 7"},
		{"a sampler with a repeat", rewrite(t, good, "sampler.npy", npy(repeat)), "sampler.npy is not a permutation"},
		{"a sampler of fractions", rewrite(t, good, "sampler.npy", npy(tensor.DivScalar(perm, 2))), "sampler.npy is not a permutation"},
		{"a sampler with one fraction", rewrite(t, good, "sampler.npy", npy(fraction)), "sampler.npy is not a permutation"},
		{"a sampler naming an image past the data", rewrite(t, good, "sampler.npy", npy(past)), "sampler.npy is not a permutation"},
		{"no update done", noneDone(), ""},
		{"as many evaluation times as updates done", withState([]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, "eval_elapsed_ns"), "9 evaluation times: evals has shape [2 5], want [9 5]"},
		{"an evaluation time more than updates done", withState([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "eval_elapsed_ns"), "10 evaluation times for 9 updates done"},
		{"no sampler", rewrite(t, good, "sampler.npy", nil), "sampler.npy: present only"},
		{"a W1 not finite", rewrite(t, good, "W1.npy", npy(huge)), "W1 has 1 of its 4704 values NaN or infinite"},
		{"W1_initial of another shape", rewrite(t, good, "W1_initial.npy", npy(tensor.Zeros(784, 7))), "W1_initial has shape [784 7], want [784 6]"},
		{"an evaluation at an update not done", rewrite(t, good, "evals.npy", npy(tensor.Full(9, 2, 5))), "evaluation 0 is at update 9, of 9 done"},
		{"an entry more", rewrite(t, good, "extra.npy", npy(tensor.Zeros(2))), `unexpected entry "extra.npy"`},
		{"a file more", rewrite(t, good, "notes.txt", []byte("hi")), `unexpected entry "notes.txt"`},
		{"no run.json", rewrite(t, good, "run.json", nil), "not a checkpoint"},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".npz")
		os.WriteFile(path, c.b, 0o644)
		_, err := ReadCheckpoint(path, math.MaxInt64)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path)):
			t.Errorf("%s: error %v, want %q and the file", c.name, err, c.want)
		}
	}
	// A run too large for the memory given is refused from run.json.
	path := filepath.Join(dir, "good.npz")
	os.WriteFile(path, good, 0o644)
	if _, err := ReadCheckpoint(path, 1<<20); err == nil || !strings.Contains(err.Error(), "more than this machine's 1 MiB") {
		t.Errorf("a checkpoint of a run larger than the memory: %v", err)
	}
}

// TestDivergedAtOnce: a learning rate as large as a float64 goes diverges
// within the first updates, before the first evaluation's checkpoint or
// just after it, and the run ends as a run of the updates before; with
// weights of 1e100 the first update's loss is already not a number, and
// the run ends as it started, its final loss NaN.
func TestDivergedAtOnce(t *testing.T) {
	d := smallData(t)
	for _, std := range []float64{0.1, 1e100} {
		cfg := Config{Iters: 40, Batch: 7, LR: math.MaxFloat64, Hidden: 6, WeightStd: std, Seed: 9, Replace: true}
		for name, run := range map[string]func(Config, *mnist.Dataset, Hooks) *Result{"engine": Run, "book": runBook} {
			name = fmt.Sprintf("%s, weights of %g", name, std)
			res := run(cfg, d, Hooks{})
			k := len(res.Losses)
			if !res.Diverged || k > 2 || res.Final.Iter != k || (k == 0) != (std > 1) {
				t.Fatalf("%s: diverged %v after %d updates, final at %d", name, res.Diverged, k, res.Final.Iter)
			}
			c := cfg
			c.Iters = k
			want := run(c, d, Hooks{})
			if !tensor.AllClose(res.Net.W1, want.Net.W1, 0, 0) || !tensor.AllClose(res.Net.W2, want.Net.W2, 0, 0) || !slices.Equal(res.Losses, want.Losses) {
				t.Errorf("%s: diverged at update %d, the network is not that of a run of %d updates", name, k, k)
			}
			if k == 0 && (!tensor.AllClose(res.Net.W1, res.Initial, 0, 0) || !math.IsNaN(res.Final.Loss)) {
				t.Errorf("%s: no update done, and W1 is not the initial W1 or the final loss %v is a number", name, res.Final.Loss)
			}
		}
	}
}

// TestLoadModelReadsOnlyTheNetwork: arrays beyond the network's are not
// read (one whose data is corrupt does not matter); the network's size is
// checked against the memory given from W1's header, before its data (a
// W1 whose data is corrupt is refused for its size, not its checksum);
// a W1 of the wrong shape is named for what it is; a file that is not
// regular is refused unopened.
func TestLoadModelReadsOnlyTheNetwork(t *testing.T) {
	dir := t.TempDir()
	net := network.NewTwoLayerNet(mnist.Pixels, 7, 10, 0.01, rand.New(rand.NewPCG(1, 1)))
	// archive writes the named .npy files, stored, the data of those in
	// corrupt changed after their checksum was taken.
	archive := func(name string, files map[string][]byte, order []string, corrupt ...string) string {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range order {
			b := files[n]
			h := &zip.FileHeader{Name: n, Method: zip.Store, CRC32: crc32.ChecksumIEEE(b),
				CompressedSize64: uint64(len(b)), UncompressedSize64: uint64(len(b))}
			if slices.Contains(corrupt, n) {
				b = slices.Clone(b)
				b[len(b)-1] ^= 0xff
			}
			w, _ := zw.CreateRaw(h)
			w.Write(b)
		}
		zw.Close()
		p := filepath.Join(dir, name)
		os.WriteFile(p, buf.Bytes(), 0o644)
		return p
	}
	params := map[string][]byte{"W1.npy": npy(net.W1), "b1.npy": npy(net.B1), "W2.npy": npy(net.W2), "b2.npy": npy(net.B2),
		"junk.npy": npy(tensor.Zeros(1000, 100)), "notes.txt": []byte("trained on a Tuesday")}
	all := []string{"W1.npy", "b1.npy", "junk.npy", "W2.npy", "b2.npy", "notes.txt"}
	got, err := LoadModel(archive("extra.npz", params, all, "junk.npy"), math.MaxInt64)
	if err != nil || !tensor.AllClose(got.W1, net.W1, 0, 0) || !tensor.AllClose(got.B2, net.B2, 0, 0) {
		t.Errorf("a model with a corrupt array beside the network's: %v", err)
	}
	corrupt := archive("corrupt.npz", params, all, "W1.npy")
	if _, err := LoadModel(corrupt, math.MaxInt64); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a W1 whose data is corrupt: %v, want a checksum error", err)
	}
	if _, err := LoadModel(corrupt, 1<<20); err == nil || !strings.Contains(err.Error(), "a network of 7 hidden units would need about") ||
		!strings.Contains(err.Error(), "more than this machine's 1 MiB") {
		t.Errorf("a network larger than the memory given: %v", err)
	}
	// The memory given exactly what the network needs is enough.
	if _, err := LoadModel(archive("exact.npz", params, all), int64(modelMemory(7))); err != nil {
		t.Errorf("a network of exactly the memory given: %v", err)
	}
	if _, err := LoadModel(archive("exact.npz", params, all), int64(modelMemory(7))-1); err == nil {
		t.Error("a network of a byte more than the memory given is loaded")
	}
	// headerOnly is a model whose W1 is only a header claiming 784×units:
	// refused from it, before any data, by the number of units or by
	// their memory.
	headerOnly := func(units int) string {
		m := maps.Clone(params)
		header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (784, %d), }", units)
		header += strings.Repeat(" ", 63-(10+len(header))%64) + "\n"
		m["W1.npy"] = append(append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8)), header...)
		return archive(fmt.Sprintf("units%d.npz", units), m, all)
	}
	for _, c := range []struct {
		units int
		limit int64
		want  string
	}{
		{140000, math.MaxInt64, "W1 has 140000 hidden units, more than the 10000 whose evaluation on MNIST takes a minute or so"},
		{10001, math.MaxInt64, "W1 has 10001 hidden units, more than the 10000 whose evaluation on MNIST takes a minute or so"},
		{10000, 1 << 20, "a network of 10000 hidden units would need about"},
	} {
		if _, err := LoadModel(headerOnly(c.units), c.limit); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("a W1 of %d units, %d bytes of memory: %v, want %q", c.units, c.limit, err, c.want)
		}
	}
	with := func(name string, w1 *tensor.Tensor) string {
		m := maps.Clone(params)
		m["W1.npy"] = npy(w1)
		return archive(name, m, all)
	}
	cases := []struct{ path, want string }{
		{with("transposed.npz", tensor.Transpose(net.W1)), "W1 has shape [7 784], want [784 H], a row per pixel: it is transposed (save W1, not W1.T)"},
		{with("3d.npz", tensor.Zeros(784, 7, 2)), "W1 has shape [784 7 2], want 2 dimensions, [784 H] for a 784-H-10 network"},
		{with("noinputs.npz", tensor.Zeros(100, 7)), "W1 has shape [100 7], want [784 H], a row per pixel and H ≥ 1 hidden units"},
		{with("nounits.npz", tensor.Zeros(784, 0)), "W1 has shape [784 0], want [784 H], a row per pixel and H ≥ 1 hidden units"},
		{with("wider.npz", tensor.Zeros(784, 8)), "b1 has shape [7], want [8] for a 784-8-10 network (W1 is [784 8])"},
		{with("square.npz", tensor.Zeros(784, 784)), "b1 has shape [7], want [784] for a 784-784-10 network (W1 is [784 784])"},
	}
	if fifo := filepath.Join(dir, "fifo.npz"); platformtest.FIFO(t, fifo) {
		cases = append(cases, struct{ path, want string }{fifo, "not a regular file but a named pipe"})
	}
	for _, c := range cases {
		if _, err := LoadModel(c.path, math.MaxInt64); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: %v, want %q and the file", filepath.Base(c.path), err, c.want)
		}
	}
}

// readEntry reads the array name of the npz file at path.
func readEntry(t *testing.T, path, name string) *tensor.Tensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	z, err := tensor.OpenNPZ(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	a, err := z.Read(name, func([]int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestCheckpointEveryField: each checkpoint, written and read back, holds
// every field of the run's state as the hook received it (the evaluation
// times to the nanosecond; evals.npy has them in seconds), and the
// checkpoint of an epoch holds that epoch's evaluation, the one the Eval
// hook was given just before.
func TestCheckpointEveryField(t *testing.T) {
	d := smallData(t)
	for name, c := range map[string]struct {
		cfg Config
		run func(Config, *mnist.Dataset, Hooks) *Result
	}{
		"engine": {Config{Iters: 13, Batch: 6, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}, Run},
		"book":   {Config{Iters: 13, Batch: 6, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9, Replace: true, Book: true}, Run},
	} {
		path := filepath.Join(t.TempDir(), "checkpoint.npz")
		var last Eval
		n := 0
		c.run(c.cfg, d, Hooks{
			Eval: func(e Eval) { last = e },
			Checkpoint: func(ck *Checkpoint) error {
				n++
				ck.Data.Dir = "/data/somewhere"
				if err := WriteCheckpoint(path, ck); err != nil {
					return err
				}
				got, err := ReadCheckpoint(path, math.MaxInt64)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want := recordOf(d)
				want.Dir = "/data/somewhere"
				if got.Config != c.cfg || got.Data != want || got.Done != ck.Done ||
					got.Elapsed != ck.Elapsed || !bytes.Equal(got.Random, ck.Random) || !slices.Equal(got.Sampler, ck.Sampler) ||
					!slices.Equal(got.Losses, ck.Losses) || !slices.Equal(got.Evals, ck.Evals) {
					t.Errorf("%s, checkpoint %d: read back as %+v\nwritten %+v", name, n, got, ck)
				}
				for pname, p := range got.Net.All() {
					for qname, q := range ck.Net.All() {
						if pname == qname && !tensor.AllClose(p, q, 0, 0) {
							t.Errorf("%s, checkpoint %d: %s differs", name, n, pname)
						}
					}
				}
				if !tensor.AllClose(got.Initial, ck.Initial, 0, 0) {
					t.Errorf("%s, checkpoint %d: W1_initial differs", name, n)
				}
				// evals.npy, for a reader with numpy: a row per evaluation,
				// its time in seconds.
				evals := readEntry(t, path, "evals")
				for i, e := range ck.Evals {
					row := evals.Data()[5*i : 5*i+5]
					if row[0] != float64(e.Iter) || row[1] != e.Loss || row[2] != e.TrainAcc || row[3] != e.TestAcc || row[4] != e.Elapsed.Seconds() {
						t.Errorf("%s, checkpoint %d: evals.npy row %d is %v, the evaluation %+v", name, n, i, row, e)
					}
				}
				if ck.Done < c.cfg.Iters {
					if e := ck.Evals[len(ck.Evals)-1]; e != last || e.Iter != ck.Done-1 {
						t.Errorf("%s, checkpoint after %d updates: its last evaluation %+v, the epoch's %+v", name, ck.Done, e, last)
					}
				}
				return nil
			},
		})
		if n != 4 { // after updates 0, 5, 10, and the final one
			t.Errorf("%s: %d checkpoints, want 4", name, n)
		}
	}
}
