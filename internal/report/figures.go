package report

import (
	"fmt"
	"math"
	"strings"

	"dlfs/internal/report/plot"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/train"
)

// A Figure is one of a run's charts: its file name, a caption that says
// what to look at, and the SVG.
type Figure struct {
	Name, Caption string
	SVG           []byte
}

// RunFigures draws a run's charts: the loss of every update (the book's
// Figure 4-11) in full and for the first 1000 updates, and the training
// and test accuracy per epoch (Figure 4-12, test dashed).
func RunFigures(res *train.Result, itersPerEpoch float64) []Figure {
	iters := make([]float64, len(res.Losses))
	for i := range iters {
		iters[i] = float64(i)
	}
	n := min(1000, len(iters))
	epochs := make([]float64, len(res.Evals))
	trainAcc := make([]float64, len(res.Evals))
	testAcc := make([]float64, len(res.Evals))
	for i, e := range res.Evals {
		epochs[i] = float64(e.Iter) / itersPerEpoch
		trainAcc[i], testAcc[i] = e.TrainAcc, e.TestAcc
	}
	return []Figure{
		{"loss.svg", "The loss of each mini-batch after its update: it falls fast, then slowly, and stays noisy, each batch being different.", (&plot.Chart{
			Title: "Training loss per update (Figure 4-11)", XLabel: "iteration", YLabel: "loss",
			Lines: []plot.Line{{X: iters, Y: res.Losses, Width: 0.8}},
		}).SVG()},
		{"loss_first1000.svg", "The first updates close up: the plateau while the small initial weights grow, then the drop.", (&plot.Chart{
			Title: fmt.Sprintf("Training loss, first %d updates", n), XLabel: "iteration", YLabel: "loss",
			Lines: []plot.Line{{X: iters[:n], Y: res.Losses[:n], Width: 1}},
		}).SVG()},
		{"accuracy.svg", "Accuracy on all training and test images every epoch: the two curves stay together, so the network is not overfitting.", (&plot.Chart{
			Title: "Accuracy per epoch (Figure 4-12)", XLabel: "epochs", YLabel: "accuracy", YMin: 0, YMax: 1, LegendAt: "bottom-right",
			Lines: []plot.Line{
				{Label: "train acc", X: epochs, Y: trainAcc, Markers: true},
				{Label: "test acc", X: epochs, Y: testAcc, Dashed: true, Markers: true},
			},
		}).SVG()},
	}
}

// mistakesShown is how many of the most confident mistakes are drawn.
const mistakesShown = 40

// ModelFigures draws what a trained network has learned: each hidden
// unit's weights W1[:, j] as a 28×28 image (beside the initial ones when
// initial is not nil), the confusion matrix of the inspected test set, and
// the test images it gets wrong most confidently.
func ModelFigures(initial *tensor.Tensor, net *network.TwoLayerNet, in *Inspection, test *mnist.Set) []Figure {
	units := &plot.Grid{Title: "What each hidden unit looks for: its weights from the 784 pixels"}
	if initial != nil {
		units.Panels = append(units.Panels, unitsPanel("initial W1, 0.01·N(0, 1)", initial))
	}
	units.Panels = append(units.Panels, unitsPanel("trained W1", net.W1))

	labels := make([]string, mnist.Classes)
	counts := make([][]int, mnist.Classes)
	notes := make([]string, mnist.Classes)
	for d := range mnist.Classes {
		labels[d] = fmt.Sprint(d)
		counts[d] = in.Confusion[d][:]
		total := 0
		for _, c := range in.Confusion[d] {
			total += c
		}
		notes[d] = fmt.Sprintf("%.1f%% of %d", 100*float64(in.Confusion[d][d])/float64(max(total, 1)), total)
	}
	confusion := &plot.Matrix{
		Title: "Confusion matrix on the test images", RowLabel: "true digit", ColLabel: "read as",
		Labels: labels, Counts: counts, RowNotes: notes, NotesTitle: "right",
	}

	wrong := &plot.Grid{Title: fmt.Sprintf("The test images it gets wrong most confidently (%d of %d)", min(mistakesShown, len(in.Mistakes)), len(in.Mistakes))}
	p := plot.Panel{Subtitle: "true digit → read as (probability)", Cols: 8, Width: mnist.Cols, Zoom: 3, Scale: plot.Grey{}}
	for _, m := range in.Mistakes[:min(mistakesShown, len(in.Mistakes))] {
		img := make([]float64, mnist.Pixels)
		for i, v := range test.Image(m.Index) {
			img[i] = mnist.Normalized(v)
		}
		p.Tiles = append(p.Tiles, plot.Tile{Values: img, Caption: fmt.Sprintf("%d → %d (%.2f)", m.Label, m.Read, m.Probability)})
	}
	wrong.Panels = []plot.Panel{p}

	return []Figure{
		{"hidden_units.svg", "Each square is one hidden unit's 784 weights (red positive, blue negative): from noise at the start, training draws strokes and blobs that the unit responds to.", units.SVG()},
		{"confusion.svg", "Rows are the true digits, columns what the network reads: off the diagonal, the pairs it confuses.", confusion.SVG()},
		{"mistakes.svg", "The test images read wrong with the highest probability: some are badly written, some mislabelled, some plain errors.", wrong.SVG()},
	}
}

// unitsPanel draws the columns of w (784, hidden) as 28×28 images on one
// symmetric colour scale, the largest magnitude at its ends.
func unitsPanel(subtitle string, w *tensor.Tensor) plot.Panel {
	hidden := w.Dim(1)
	peak := 0.0
	for _, v := range w.Data() {
		peak = max(peak, math.Abs(v))
	}
	p := plot.Panel{Subtitle: subtitle, Cols: 5, Width: mnist.Cols, Zoom: 2,
		Scale: plot.Diverging{Max: peak, Label: "weight"}}
	for j := range hidden {
		col := make([]float64, mnist.Pixels)
		for i := range col {
			col[i] = w.At(i, j)
		}
		p.Tiles = append(p.Tiles, plot.Tile{Values: col, Caption: fmt.Sprint(j)})
	}
	return p
}

// ConfusionCSV is the confusion matrix as data: a header
// digit,0,1,...,9, then for each true digit the digit and the ten counts
// by digit read.
func ConfusionCSV(in *Inspection) []byte {
	var b strings.Builder
	b.WriteString("digit")
	for d := range mnist.Classes {
		fmt.Fprintf(&b, ",%d", d)
	}
	b.WriteString("\n")
	for t, row := range in.Confusion {
		fmt.Fprint(&b, t)
		for _, c := range row {
			fmt.Fprintf(&b, ",%d", c)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}
