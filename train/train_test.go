package train

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dlfs/internal/engine"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// TestConfigs: BookConfig is train_neuralnet.py's settings (iters_num =
// 10000, batch_size = 100, learning_rate = 0.1, hidden_size=50, the
// constructor's weight_init_std=0.01, np.random.choice's replacement);
// DefaultConfig differs only in drawing each batch's images distinct.
func TestConfigs(t *testing.T) {
	book := Config{Iters: 10000, Batch: 100, LR: 0.1, Hidden: 50, WeightStd: 0.01, Replace: true}
	if BookConfig != book {
		t.Errorf("BookConfig %+v, the book's %+v", BookConfig, book)
	}
	book.Replace = false
	if DefaultConfig != book {
		t.Errorf("DefaultConfig %+v, want the book's without replacement %+v", DefaultConfig, book)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig.Validate(); err != nil {
		t.Fatalf("the default config: %v", err)
	}
	tests := []struct {
		change func(*Config)
		want   string
	}{
		{func(c *Config) { c.Iters = 0 }, "iters 0: must be at least 1"},
		{func(c *Config) { c.Batch = 0 }, "batch 0: must be at least 1"},
		{func(c *Config) { c.LR = math.NaN() }, "lr NaN: must be a positive number"},
		{func(c *Config) { c.LR = 0 }, "lr 0: must be a positive number"},
		{func(c *Config) { c.Hidden = 0 }, "hidden 0: must be at least 1"},
		{func(c *Config) { c.WeightStd = -1 }, "weight std must be a non-negative number"},
		{func(c *Config) { c.Iters = -1 }, "iters -1: must be at least 1"},
		{func(c *Config) { c.LR = -0.1 }, "lr -0.1: must be a positive number"},
		{func(c *Config) { c.LR = math.Inf(1) }, "lr +Inf: must be a positive number"},
		{func(c *Config) { c.LR = math.Copysign(0, -1) }, "lr -0: must be a positive number"},
		{func(c *Config) { c.WeightStd = math.NaN() }, "weight std must be a non-negative number"},
		{func(c *Config) { c.WeightStd = math.Inf(1) }, "weight std must be a non-negative number"},
		// The other side of each bound: accepted.
		{func(c *Config) { c.Iters, c.Batch, c.Hidden = 1, 1, 1 }, ""},
		{func(c *Config) { c.LR = math.SmallestNonzeroFloat64 }, ""},
		{func(c *Config) { c.LR = math.MaxFloat64 }, ""},
		{func(c *Config) { c.WeightStd = 0 }, ""},
		{func(c *Config) { c.Iters, c.Batch, c.Hidden = math.MaxInt, math.MaxInt, math.MaxInt }, ""},
	}
	for _, tt := range tests {
		c := DefaultConfig
		tt.change(&c)
		err := c.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)) {
			t.Errorf("%+v: error %v, want %q", c, err, tt.want)
		}
	}
	c := DefaultConfig
	c.Batch = 60001
	if err := c.FitsData(60000); err == nil || !strings.HasPrefix(err.Error(), "batch 60001: larger than the 60000 training images") {
		t.Errorf("a batch larger than the set: %v", err)
	}
	if err := c.FitsData(60001); err != nil {
		t.Errorf("a batch as large as the set: %v", err)
	}
	c.Replace = true
	if err := c.FitsData(60000); err != nil {
		t.Errorf("a batch larger than the set with replacement: %v", err)
	}
	// iter_per_epoch = max(train_size / batch_size, 1), rounded down.
	for _, c := range []struct{ train, batch, want int }{{60000, 100, 600}, {60000, 70, 857}, {60000, 60000, 1}, {1001, 10, 100}, {99, 100, 1}, {100, 60000, 1}} {
		cfg := DefaultConfig
		cfg.Batch = c.batch
		if n := cfg.ItersPerEpoch(c.train); n != c.want {
			t.Errorf("iters per epoch of %d images in batches of %d: %d, want %d", c.train, c.batch, n, c.want)
		}
	}
}

// smallData is a synthetic data set in MNIST's format: 30 training and 12
// test images whose label is the row where the image's bright bar is.
func smallData(t testing.TB) *mnist.Dataset {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	set := func(n int) (img, lbl []byte) {
		img = make([]byte, n*mnist.Pixels)
		lbl = make([]byte, n)
		for i := range n {
			l := rng.IntN(10)
			lbl[i] = byte(l)
			for c := range mnist.Cols {
				img[i*mnist.Pixels+(2*l+4)*mnist.Cols+c] = byte(150 + rng.IntN(100))
			}
		}
		return img, lbl
	}
	dir := t.TempDir()
	write := func(name string, dims []int, data []byte) {
		b := []byte{0, 0, 8, byte(len(dims))}
		for _, d := range dims {
			b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(b, data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ti, tl := set(30)
	write(mnist.TrainImages, []int{30, 28, 28}, ti)
	write(mnist.TrainLabels, []int{30}, tl)
	si, sl := set(12)
	write(mnist.TestImages, []int{12, 28, 28}, si)
	write(mnist.TestLabels, []int{12}, sl)
	d, err := mnist.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRunLearnsAndRepeats(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 120, Batch: 10, LR: 0.5, Hidden: 20, WeightStd: 0.1, Seed: 5}
	var evals []Eval
	a := Run(cfg, d, Hooks{Eval: func(e Eval) { evals = append(evals, e) }})
	// 30 images in batches of 10: an epoch is 3 updates, evaluated at
	// 0, 3, ..., 117: 40 evaluations.
	if len(a.Evals) != 40 || len(evals) != 40 || a.Evals[1].Iter != 3 || len(a.Losses) != 120 || a.Final.Iter != 120 {
		t.Fatalf("%d evaluations (hook %d), second at %d, %d losses, final at %d", len(a.Evals), len(evals), a.Evals[1].Iter, len(a.Losses), a.Final.Iter)
	}
	if a.Final.TestAcc < 0.9 || a.Losses[119] > a.Losses[0]/2 {
		t.Errorf("did not learn the bars: test acc %v, loss %v → %v", a.Final.TestAcc, a.Losses[0], a.Losses[119])
	}
	prev := runtime.GOMAXPROCS(1)
	b := Run(cfg, d, Hooks{})
	runtime.GOMAXPROCS(prev)
	if !slices.Equal(a.Losses, b.Losses) || !tensor.AllClose(a.Net.W1, b.Net.W1, 0, 0) {
		t.Error("the same seed on 1 core gave a different run")
	}
	cfg.Seed = 6
	if c := Run(cfg, d, Hooks{}); slices.Equal(a.Losses, c.Losses) {
		t.Error("a different seed gave the same run")
	}
}

func TestModelRoundTripAndErrors(t *testing.T) {
	dir := t.TempDir()
	net := network.NewTwoLayerNet(mnist.Pixels, 7, 10, 0.01, rand.New(rand.NewPCG(1, 1)))
	path := filepath.Join(dir, "params.npz")
	if err := saveModel(path, net); err != nil {
		t.Fatal(err)
	}
	got, err := LoadModel(path, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range net.All() {
		for name2, q := range got.All() {
			if name == name2 && !tensor.AllClose(p, q, 0, 0) {
				t.Errorf("%s differs after the round trip", name)
			}
		}
	}
	write := func(name string, names []string, ts []*tensor.Tensor) string {
		var buf bytes.Buffer
		tensor.WriteNPZ(&buf, names, ts)
		p := filepath.Join(dir, name)
		os.WriteFile(p, buf.Bytes(), 0o644)
		return p
	}
	bad := []struct {
		path, want string
	}{
		{filepath.Join(dir, "missing.npz"), "no such file"},
		{write("nob2.npz", []string{"W1", "b1", "W2"}, []*tensor.Tensor{net.W1, net.B1, net.W2}), `no array "b2"`},
		{write("shape.npz", []string{"W1", "b1", "W2", "b2"}, []*tensor.Tensor{net.W1, net.B1, tensor.Zeros(7, 9), net.B2}), "W2 has shape [7 9], want [7 10] for a 784-7-10 network"},
		{write("rank.npz", []string{"W1", "b1", "W2", "b2"}, []*tensor.Tensor{net.B1, net.B1, net.W2, net.B2}), "W1 has shape [7], want 2 dimensions, [784 H] for a 784-H-10 network"},
	}
	os.WriteFile(filepath.Join(dir, "text.npz"), []byte("hello"), 0o644)
	bad = append(bad, struct{ path, want string }{filepath.Join(dir, "text.npz"), "not a zip archive"})
	for _, b := range bad {
		if _, err := LoadModel(b.path, math.MaxInt64); err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), filepath.Base(b.path)) {
			t.Errorf("%s: error %v, want %q and the file name", b.path, err, b.want)
		}
	}
}

// TestWriteFileKeepsOldFileOnFailure: a write that fails part way leaves
// the file it targets as it was, and no temporary file behind.
func TestWriteFileKeepsOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.svg")
	if err := WriteFile(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	full := errors.New("disk full")
	err := writeAtomic(path, func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return full
	})
	if !errors.Is(err, full) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want the write's error and the path", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after the failed write the file holds %q, want \"old\"", b)
	}
	// A rename that fails (a directory in the way) also leaves nothing.
	blocked := filepath.Join(dir, "d")
	os.Mkdir(blocked, 0o755)
	os.WriteFile(filepath.Join(blocked, "x"), nil, 0o644)
	if err := WriteFile(blocked, []byte("new")); err == nil {
		t.Error("renaming over a non-empty directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after a good write the file holds %q", b)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("the file's mode is %v, want -rw-r--r--", info.Mode())
	}
	if err := PrepareOutput(filepath.Join(path, "sub")); err == nil {
		t.Error("an output folder inside a file was accepted")
	}
}

func TestReporter(t *testing.T) {
	e := Eval{Iter: 600, Loss: 0.87616, TrainAcc: 0.79551, TestAcc: 0.8018, Elapsed: 2500e6}
	want := "iter 600  loss 0.8762  train acc 0.7955  test acc 0.8018  elapsed 2.5s"
	if got := FormatEval(e); got != want {
		t.Errorf("FormatEval = %q, want %q", got, want)
	}
	for _, live := range []bool{false, true} {
		var buf bytes.Buffer
		r := NewReporter(&buf, live, 10)
		h := r.Hooks()
		r.drawn = r.drawn.Add(-redrawEvery) // due for a redraw
		r.since = r.since.Add(-time.Second)
		h.Step(3, 1.5)
		h.Eval(e)
		r.Final(e)
		out := buf.String()
		if strings.Contains(out, "\r") != live || !strings.Contains(out, want+"\nfinal "+want+"\n") {
			t.Errorf("live %v: output %q", live, out)
		}
	}
}

// TestRunNumerical: training with the numerical gradient follows the
// backprop run, loss for loss. The two gradients differ by ~1e-7 an update
// (the δ inside the loss's log, which backprop omits, and the central
// difference's h² error), and the runs drift apart by about that much a step.
func TestRunNumerical(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 30, Batch: 10, LR: 0.5, Hidden: 20, WeightStd: 0.1, Seed: 5}
	bp := Run(cfg, d, Hooks{})
	cfg.Numerical = true
	num := Run(cfg, d, Hooks{})
	for i := range bp.Losses {
		if math.Abs(bp.Losses[i]-num.Losses[i]) > 1e-5 {
			t.Fatalf("update %d: loss %v with backprop, %v numerical", i, bp.Losses[i], num.Losses[i])
		}
	}
	if bp.Final.TestAcc != num.Final.TestAcc {
		t.Errorf("test accuracy %v with backprop, %v numerical", bp.Final.TestAcc, num.Final.TestAcc)
	}
}

// TestGolden runs the book's settings on the real MNIST and compares the
// lines the program prints (elapsed times stripped) and the bytes of
// params.npz with files written by an earlier version of the program:
// testdata/iters1200.golden for `go run . -iters 1200`, and, unless
// -short, testdata/book.golden for `go run .`, the 18 lines of the README.
// Each run is made with GOMAXPROCS 1, 2, 3 and 8: the numbers must not
// depend on how many cores share the work (CI runs it in both builds).
func TestGolden(t *testing.T) {
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file  string
		iters int
	}{{"iters1200.golden", 1200}, {"book.golden", 10000}} {
		if c.iters > 1200 && testing.Short() {
			continue
		}
		want, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		procs := []int{1, 2, 3, 8}
		if raceEnabled {
			procs = []int{3} // more workers than cores share the work
		}
		for _, procs := range procs {
			got := goldenRun(t, data, c.iters, procs)
			if got != string(want) {
				t.Errorf("%d updates with GOMAXPROCS=%d printed\n%s\nwant (testdata/%s)\n%s", c.iters, procs, got, c.file, want)
			}
		}
	}
}

// goldenRun is a run of iters updates with the book's settings on procs
// Go processors: the lines it prints, elapsed times cut, and the SHA-256
// of its params.npz.
func goldenRun(t *testing.T, data *mnist.Dataset, iters, procs int) string {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	cfg := DefaultConfig
	cfg.Iters = iters
	res := Run(cfg, data, Hooks{})
	var got strings.Builder
	for _, e := range res.Evals {
		got.WriteString(withoutElapsed(FormatEval(e)) + "\n")
	}
	got.WriteString("final " + withoutElapsed(FormatEval(res.Final)) + "\n")
	path := filepath.Join(t.TempDir(), "params.npz")
	if err := saveModel(path, res.Net); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&got, "params.npz sha256 %x\n", sha256.Sum256(b))
	return got.String()
}

// withoutElapsed cuts the elapsed time off an evaluation line.
func withoutElapsed(line string) string {
	before, _, _ := strings.Cut(line, "  elapsed ")
	return before
}

// TestNumbers: the CSV files read back to the run's exact numbers.
func TestNumbers(t *testing.T) {
	res := &Result{
		Losses: []float64{2.2907123456789012, 0.1, 1e-300},
		Evals:  []Eval{{Iter: 0, TrainAcc: 0.0986, TestAcc: 1.0 / 3}},
		Final:  Eval{Iter: 3, TrainAcc: 0.5, TestAcc: 0.25},
	}
	lossCSV, accCSV := NumbersCSV(res)
	read := func(b []byte) [][]string {
		var rows [][]string
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			rows = append(rows, strings.Split(l, ","))
		}
		return rows
	}
	loss := read(lossCSV)
	if strings.Join(loss[0], ",") != "iter,loss" || len(loss) != 4 {
		t.Fatalf("loss.csv: %v", loss)
	}
	for i, v := range res.Losses {
		if got, _ := strconv.ParseFloat(loss[i+1][1], 64); got != v || loss[i+1][0] != strconv.Itoa(i) {
			t.Errorf("loss.csv row %d: %v, want %d,%v", i, loss[i+1], i, v)
		}
	}
	acc := read(accCSV)
	want := [][]string{{"iter", "train_acc", "test_acc"}, {"0", "0.0986", "0.3333333333333333"}, {"3", "0.5", "0.25"}}
	if fmt.Sprint(acc) != fmt.Sprint(want) {
		t.Errorf("accuracy.csv: %v, want %v", acc, want)
	}
}

// TestEngineAgreesWithTheBook: the engine's step and the book's (Gradient,
// params -= lr·grad, Loss on dense tensors), fed the same batches from the
// same start, give the same loss after every update within 1e-12
// relatively, for 300 updates.
func TestEngineAgreesWithTheBook(t *testing.T) {
	if testing.Short() {
		t.Skip("300 updates of the book's dense code")
	}
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	xTrain, tTrain := data.Train.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true})
	rng := nprand.New(0)
	book := network.NewTwoLayerNet(mnist.Pixels, 50, mnist.Classes, 0.01, rng)
	tuned := &network.TwoLayerNet{Params: network.Params{W1: book.W1.Clone(), B1: book.B1.Clone(), W2: book.W2.Clone(), B2: book.B2.Clone()}}
	tr := engine.NewTrainer(tuned)
	worst := 0.0
	for i := range 300 {
		batchMask := rng.Choice(xTrain.Dim(0), 100, true)
		xBatch, tBatch := tensor.Rows(xTrain, batchMask), tensor.Rows(tTrain, batchMask)
		grad := book.Gradient(xBatch, tBatch)
		for _, p := range [][2]*tensor.Tensor{{book.W1, grad.W1}, {book.B1, grad.B1}, {book.W2, grad.W2}, {book.B2, grad.B2}} {
			tensor.SubTo(p[0], p[0], tensor.MulScalar(p[1], 0.1))
		}
		want := book.Loss(xBatch, tBatch)
		got := tr.Step(engine.SparseOf(xBatch), tensor.Argmax(tBatch, 1), 0.1)
		rel := math.Abs(got-want) / want
		worst = max(worst, rel)
		if !(rel <= 1e-12) {
			t.Fatalf("update %d: engine loss %v, book %v: %.3g apart", i, got, want, rel)
		}
	}
	t.Logf("300 updates, largest relative difference %.3g", worst)
}

// TestBookAgainstNumpy: `go run . -book -seed 1 -iters 1200` against the
// book's own code run by numpy (testdata/numpy_seed1.txt): the same
// accuracies, and every update's loss within 1e-12 relatively.
func TestBookAgainstNumpy(t *testing.T) {
	if testing.Short() {
		t.Skip("1200 updates of the book's dense code")
	}
	b, err := os.ReadFile("testdata/numpy_seed1.txt")
	if err != nil {
		t.Fatal(err)
	}
	var accs [][2]float64
	var losses []float64
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "#"):
		case f[0] == "acc":
			tr, _ := strconv.ParseFloat(f[1], 64)
			te, _ := strconv.ParseFloat(f[2], 64)
			accs = append(accs, [2]float64{tr, te})
		default:
			v, err := strconv.ParseFloat(f[0], 64)
			if err != nil {
				t.Fatal(err)
			}
			losses = append(losses, v)
		}
	}
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := BookConfig
	cfg.Iters, cfg.Seed = 1200, 1
	res := Book(cfg, data, Hooks{})
	if len(res.Losses) != len(losses) || len(res.Evals) != len(accs) {
		t.Fatalf("%d losses and %d evaluations, numpy %d and %d", len(res.Losses), len(res.Evals), len(losses), len(accs))
	}
	worst := 0.0
	for i, want := range losses {
		rel := math.Abs(res.Losses[i]-want) / want
		worst = max(worst, rel)
		if !(rel <= 1e-12) {
			t.Errorf("update %d: loss %v, numpy %v", i, res.Losses[i], want)
		}
	}
	for i, e := range res.Evals {
		if e.TrainAcc != accs[i][0] || e.TestAcc != accs[i][1] {
			t.Errorf("evaluation %d: accuracies %v %v, numpy %v", i, e.TrainAcc, e.TestAcc, accs[i])
		}
	}
	t.Logf("1200 losses, largest relative difference from numpy %.3g", worst)
}

// TestModelsFromNumpy: model files numpy wrote (testdata/numpy_models.py)
// load whatever their dtype, byte order, memory order or compression, and
// bad ones are refused with the parameter named.
func TestModelsFromNumpy(t *testing.T) {
	want := func(name string, float32s bool) *tensor.Tensor {
		shapes := map[string][]int{"W1": {784, 3}, "b1": {3}, "W2": {3, 10}, "b2": {10}}
		w := tensor.Zeros(shapes[name]...)
		for k := range w.Data() {
			v := float64(k) / 1000
			if float32s {
				v = float64(float32(v))
			}
			w.Data()[k] = v
		}
		return w
	}
	for _, file := range []string{"float32.npz", "bigendian.npz", "fortran.npz", "compressed.npz"} {
		net, err := LoadModel(filepath.Join("testdata", file), math.MaxInt64)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for name, p := range net.All() {
			if w := want(name, file == "float32.npz"); !tensor.AllClose(p, w, 0, 0) {
				t.Errorf("%s: %s is %v, want %v", file, name, p, w)
			}
		}
	}
	for file, msg := range map[string]string{
		"nan.npz":        "testdata/nan.npz: W2 has 4 of its 30 values NaN or infinite",
		"wrongshape.npz": "testdata/wrongshape.npz: W2 has shape [10 3], want [3 10] for a 784-3-10 network (W1 is [784 3])",
	} {
		if _, err := LoadModel(filepath.Join("testdata", file), math.MaxInt64); err == nil || err.Error() != msg {
			t.Errorf("%s: error %v, want %q", file, err, msg)
		}
	}
}

// TestStopAfterTheLastUpdate: a stop asked for when the last update is
// done changes nothing: the run ends as it would have, not interrupted.
func TestStopAfterTheLastUpdate(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 4, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	for name, run := range map[string]func(Config, *mnist.Dataset, Hooks) *Result{"engine": Run, "book": Book} {
		updates := 0
		res := run(cfg, d, Hooks{Step: func(int, float64) { updates++ }, Stop: func() bool { return updates == cfg.Iters }})
		if res.Interrupted || len(res.Losses) != cfg.Iters || res.Final.Iter != cfg.Iters {
			t.Errorf("%s: interrupted %v after %d updates, final at %d", name, res.Interrupted, len(res.Losses), res.Final.Iter)
		}
	}
}

// TestResumeEndsAsUninterrupted: a run stopped part way, its last
// checkpoint written to a file, read back and resumed, ends with the same
// parameters, losses and evaluations (times aside) as the run never
// stopped: for the engine with and without replacement, the numerical
// gradient, and the book's loop.
func TestResumeEndsAsUninterrupted(t *testing.T) {
	d := smallData(t)
	base := Config{Iters: 23, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	for _, c := range []struct {
		name   string
		change func(*Config)
		run    func(Config, *mnist.Dataset, Hooks) *Result
	}{
		{"engine", func(*Config) {}, Run},
		{"engine, replacement", func(c *Config) { c.Replace = true }, Run},
		{"numerical", func(c *Config) { c.Numerical, c.Iters = true, 9 }, Run},
		{"book", func(c *Config) { c.Replace = true }, Book},
		{"book, no replacement", func(*Config) {}, Book},
	} {
		cfg := base
		c.change(&cfg)
		want := c.run(cfg, d, Hooks{})
		for _, stopAt := range []int{1, 5, cfg.Iters - 2} {
			path := filepath.Join(t.TempDir(), "checkpoint.npz")
			updates := 0
			var saveErr error
			stopped := c.run(cfg, d, Hooks{
				Step:       func(int, float64) { updates++ },
				Stop:       func() bool { return updates == stopAt },
				Checkpoint: func(ck *Checkpoint) error { saveErr = WriteCheckpoint(path, ck); return saveErr },
			})
			if saveErr != nil || !stopped.Interrupted || len(stopped.Losses) != stopAt || stopped.Final.Iter != stopAt {
				t.Fatalf("%s, stopped after %d: error %v, interrupted %v, %d losses, final at %d", c.name, stopAt, saveErr, stopped.Interrupted, len(stopped.Losses), stopped.Final.Iter)
			}
			ck, err := ReadCheckpoint(path, math.MaxInt64)
			if err != nil {
				t.Fatal(err)
			}
			got := Resume(ck, d, Hooks{})
			if got.Interrupted || !slices.Equal(got.Losses, want.Losses) || len(got.Evals) != len(want.Evals) {
				t.Fatalf("%s, stopped after %d: %d losses (same: %v), %d evaluations; want %d and %d", c.name, stopAt,
					len(got.Losses), slices.Equal(got.Losses, want.Losses), len(got.Evals), len(want.Losses), len(want.Evals))
			}
			for i := range want.Evals {
				if g, w := got.Evals[i], want.Evals[i]; g.Iter != w.Iter || g.Loss != w.Loss || g.TrainAcc != w.TrainAcc || g.TestAcc != w.TestAcc {
					t.Errorf("%s, stopped after %d: evaluation %d is %+v, want %+v", c.name, stopAt, i, g, w)
				}
			}
			for name, p := range got.Net.All() {
				for name2, q := range want.Net.All() {
					if name == name2 && !tensor.AllClose(p, q, 0, 0) {
						t.Errorf("%s, stopped after %d: %s differs from the run never stopped", c.name, stopAt, name)
					}
				}
			}
		}
	}
}

// TestCheckpointErrors: a checkpoint that cannot be resumed is refused with
// the file named and what is wrong.
func TestCheckpointErrors(t *testing.T) {
	d := smallData(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.npz")
	Run(Config{Iters: 4, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1}, d, Hooks{Checkpoint: func(ck *Checkpoint) error { return WriteCheckpoint(good, ck) }})
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCheckpoint(good, math.MaxInt64); err != nil {
		t.Fatalf("a good checkpoint: %v", err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	for _, c := range []struct {
		path, want string
	}{
		{filepath.Join(dir, "none.npz"), "no such file"},
		{write("text.npz", []byte("hello")), "not a checkpoint (not a zip archive)"},
		{write("truncated.npz", b[:len(b)/2]), "not a checkpoint (not a zip archive)"},
		{write("model.npz", mustRead(t, filepath.Join("testdata", "float32.npz"))), "not a checkpoint: run.json, W1_initial.npy, losses.npy or evals.npy is missing"},
	} {
		if _, err := ReadCheckpoint(c.path, math.MaxInt64); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: error %v, want %q and the file", c.path, err, c.want)
		}
	}
}

// saveModel writes net to path as params.npz.
func saveModel(path string, net *network.TwoLayerNet) error {
	return writeAtomic(path, func(w io.Writer) error { return WriteModel(w, net) })
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInspection: on the real test set, the confusion matrix is the one
// counted from the book layer's Predict of the saved parameters, reloaded,
// cell by cell (confusion.csv as a spreadsheet reads it too); its diagonal
// is the evaluation's test accuracy exactly; the mistakes are exactly the
// images the book layer reads wrong, with its probability, most confident
// first.
func TestInspection(t *testing.T) {
	if raceEnabled {
		t.Skip("a training run without concurrency of its own: in the builds without -race")
	}
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig
	cfg.Iters = 600
	res := Run(cfg, data, Hooks{})
	in := Inspect(res.Net, data.Test)
	if float64(in.Right())/10000 != res.Final.TestAcc {
		t.Errorf("%d right, test accuracy %v", in.Right(), res.Final.TestAcc)
	}
	path := filepath.Join(t.TempDir(), "params.npz")
	if err := saveModel(path, res.Net); err != nil {
		t.Fatal(err)
	}
	saved, err := LoadModel(path, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := data.Test.Tensors(mnist.Options{Normalize: true, Flatten: true})
	y := saved.Predict(x)
	var want [mnist.Classes][mnist.Classes]int
	wrong := map[int]bool{}
	for i := range data.Test.Len() {
		label, read := data.Test.Label(i), tensor.ArgmaxAll(tensor.Rows(y, []int{i}))
		want[label][read]++
		if read != label {
			wrong[i] = true
		}
	}
	if in.Confusion != want {
		t.Errorf("confusion\n%v\nthe book layer counts\n%v", in.Confusion, want)
	}
	if len(in.Mistakes) != len(wrong) {
		t.Errorf("%d mistakes, the book layer reads %d wrong", len(in.Mistakes), len(wrong))
	}
	for k, m := range in.Mistakes {
		if !wrong[m.Index] || m.Label != data.Test.Label(m.Index) || m.Read != tensor.ArgmaxAll(tensor.Rows(y, []int{m.Index})) {
			t.Fatalf("mistake %+v: the book layer reads %d, the label is %d", m, tensor.ArgmaxAll(tensor.Rows(y, []int{m.Index})), data.Test.Label(m.Index))
		}
		if math.Abs(y.At(m.Index, m.Read)-m.Probability) > 1e-12 {
			t.Errorf("mistake %+v: probability %v by the book layer", m, y.At(m.Index, m.Read))
		}
		if k > 0 && in.Mistakes[k-1].Probability < m.Probability {
			t.Fatalf("mistakes out of order at %d", k)
		}
		delete(wrong, m.Index)
	}
	records, err := csv.NewReader(bytes.NewReader(ConfusionCSV(in))).ReadAll()
	if err != nil || len(records) != 11 || strings.Join(records[0], ",") != "digit,0,1,2,3,4,5,6,7,8,9" {
		t.Fatalf("confusion.csv: %v, %q", err, records)
	}
	for d, r := range records[1:] {
		if r[0] != strconv.Itoa(d) {
			t.Errorf("confusion.csv row %d is for digit %s", d+1, r[0])
		}
		for p, cell := range r[1:] {
			if n, err := strconv.Atoi(cell); err != nil || n != want[d][p] {
				t.Errorf("confusion.csv: digit %d read as %d: %q, the book layer counts %d", d, p, cell, want[d][p])
			}
		}
	}
}

// TestInspectionTies: a network that reads an image by one pixel only
// (the centre, through a weight of 1e6 that saturates the sigmoid to 1 or
// leaves it at 0.5) gives one of two readings: 3 with probability
// e⁴/(e⁴+e³+8) when the pixel is inked, 5 with e³/(e²+e³+8) when not. The
// mistakes are then the wrong inked images in the set's order, then the
// wrong blank ones in the set's order, across the chunks the set is read in.
func TestInspectionTies(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	const centre = 14*mnist.Cols + 14
	w1, w2, b2 := tensor.Zeros(mnist.Pixels, 1), tensor.Zeros(1, mnist.Classes), tensor.Zeros(mnist.Classes)
	w1.Set(1e6, centre, 0)
	w2.Set(4, 0, 3)
	b2.Set(3, 5)
	net := &network.TwoLayerNet{Params: network.Params{W1: w1, B1: tensor.Zeros(1), W2: w2, B2: b2}}
	in := Inspect(net, d.Test)
	e := math.Exp
	inked, blank := e(4)/(e(4)+e(3)+8), e(3)/(e(2)+e(3)+8)
	var want [mnist.Classes][mnist.Classes]int
	var first, then []int
	for i := range d.Test.Len() {
		label, read := d.Test.Label(i), 5
		if d.Test.Image(i)[centre] != 0 {
			read = 3
		}
		want[label][read]++
		switch {
		case read == label:
		case read == 3:
			first = append(first, i)
		default:
			then = append(then, i)
		}
	}
	if in.Confusion != want {
		t.Errorf("confusion\n%v\nwant\n%v", in.Confusion, want)
	}
	var got []int
	for k, m := range in.Mistakes {
		got = append(got, m.Index)
		p := blank
		if k < len(first) {
			p = inked
		}
		if math.Abs(m.Probability-p) > 1e-15 {
			t.Fatalf("mistake %d %+v, want probability %v", k, m, p)
		}
	}
	if order := append(first, then...); !slices.Equal(got, order) {
		k := 0
		for k < min(len(got), len(order)) && got[k] == order[k] {
			k++
		}
		t.Errorf("%d mistakes, want %d (%d inked); they differ from the set's order at %d", len(got), len(order), len(first), k)
	}
}

// TestHiddenUnitImages: each hidden unit is drawn from its column of W1. A
// hand-made W1 of three units: the first positive on the top half of the
// image and negative on the bottom, the second zero, the third positive
// only at pixel (row 3, column 5). Decoding the images inside the SVG
// gives red where the weight is positive, blue where negative, white at 0.
func TestHiddenUnitImages(t *testing.T) {
	w := tensor.Zeros(mnist.Pixels, 3)
	for i := range mnist.Pixels {
		if i < mnist.Pixels/2 {
			w.Set(1, i, 0)
		} else {
			w.Set(-1, i, 0)
		}
	}
	w.Set(1, 3*28+5, 2)
	net := &network.TwoLayerNet{Params: network.Params{W1: w, B1: tensor.Zeros(3), W2: tensor.Zeros(3, 10), B2: tensor.Zeros(10)}}
	d := smallData(t)
	figs := ModelFigures(nil, net, Inspect(net, d.Test), d.Test)
	svg := figs[0].SVG
	tiles := regexp.MustCompile(`href="data:image/png;base64,([^"]+)"`).FindAllSubmatch(svg, -1)
	if len(tiles) != 3 {
		t.Fatalf("%d images for 3 hidden units", len(tiles))
	}
	img := make([]image.Image, 3)
	for k, m := range tiles {
		b, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if img[k], err = png.Decode(bytes.NewReader(b)); err != nil || img[k].Bounds() != image.Rect(0, 0, 28, 28) {
			t.Fatalf("unit %d: %v, bounds %v", k, err, img[k].Bounds())
		}
	}
	kind := func(c color.Color) string {
		r, g, b, _ := c.RGBA()
		switch {
		case r == g && g == b && r == 0xffff:
			return "white"
		case r > b:
			return "red"
		case b > r:
			return "blue"
		}
		return "other"
	}
	for _, c := range []struct {
		unit, x, y int
		want       string
	}{
		{0, 0, 0, "red"}, {0, 27, 13, "red"}, {0, 0, 14, "blue"}, {0, 20, 27, "blue"},
		{1, 0, 0, "white"}, {1, 14, 14, "white"},
		{2, 5, 3, "red"}, {2, 3, 5, "white"}, {2, 0, 0, "white"},
	} {
		if got := kind(img[c.unit].At(c.x, c.y)); got != c.want {
			t.Errorf("unit %d, pixel (x %d, y %d): %s, want %s", c.unit, c.x, c.y, got, c.want)
		}
	}
}

// TestFiguresWellFormed: every figure and the page parse as XML.
func TestFiguresWellFormed(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 12, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 2}
	res := Run(cfg, d, Hooks{})
	in := Inspect(res.Net, d.Test)
	figs := append(RunFigures(res, cfg.ItersPerEpoch(d.Train.Len())), ModelFigures(res.Initial, res.Net, in, d.Test)...)
	page := &Page{Title: "a <test> & more", Settings: [][2]string{{"a", "<b>"}}, Lines: []string{"iter 0"}, Final: "done", Figures: figs}
	docs := map[string][]byte{"report.html": page.HTML()}
	for _, f := range figs {
		docs[f.Name] = f.SVG
	}
	if len(docs) != 7 {
		t.Errorf("%d documents", len(docs))
	}
	for name, b := range docs {
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
				break
			}
		}
	}
	for _, want := range []string{"a &lt;test&gt; &amp; more", "<svg", "hidden_units.svg", "confusion.svg", "mistakes.svg", "accuracy.svg"} {
		if !bytes.Contains(docs["report.html"], []byte(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}
