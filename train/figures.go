package train

import (
	"fmt"
	"path/filepath"

	"dlfs/train/plot"
)

// Figures draws a run's charts into dir: the loss of every update (the
// book's Figure 4-11) in full and for the first 1000 updates, and the
// training and test accuracy per epoch (Figure 4-12, test dashed). It
// returns the paths written, those before an error too.
func Figures(dir string, res *Result, itersPerEpoch int) ([]string, error) {
	iters := make([]float64, len(res.Losses))
	for i := range iters {
		iters[i] = float64(i)
	}
	n := min(1000, len(iters))
	epochs := make([]float64, len(res.Evals))
	trainAcc := make([]float64, len(res.Evals))
	testAcc := make([]float64, len(res.Evals))
	for i, e := range res.Evals {
		epochs[i] = float64(e.Iter) / float64(itersPerEpoch)
		trainAcc[i], testAcc[i] = e.TrainAcc, e.TestAcc
	}
	charts := []struct {
		name string
		c    *plot.Chart
	}{
		{"loss.svg", &plot.Chart{
			Title: "Training loss per update (Figure 4-11)", XLabel: "iteration", YLabel: "loss",
			Lines: []plot.Line{{X: iters, Y: res.Losses, Width: 0.8}},
		}},
		{"loss_first1000.svg", &plot.Chart{
			Title: fmt.Sprintf("Training loss, first %d updates", n), XLabel: "iteration", YLabel: "loss",
			Lines: []plot.Line{{X: iters[:n], Y: res.Losses[:n], Width: 1}},
		}},
		{"accuracy.svg", &plot.Chart{
			Title: "Accuracy per epoch (Figure 4-12)", XLabel: "epochs", YLabel: "accuracy", YMin: 0, YMax: 1, LegendAt: "bottom-right",
			Lines: []plot.Line{
				{Label: "train acc", X: epochs, Y: trainAcc, Markers: true},
				{Label: "test acc", X: epochs, Y: testAcc, Dashed: true, Markers: true},
			},
		}},
	}
	var paths []string
	for _, c := range charts {
		p := filepath.Join(dir, c.name)
		if err := WriteFile(p, c.c.SVG()); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
