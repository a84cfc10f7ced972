package train

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"dlfs/mnist"
)

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
