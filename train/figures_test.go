package train

import (
	"image/color"
	"math"
	"testing"

	"dlfs/internal/svgtest"
	"dlfs/mnist"
	"dlfs/tensor"
	"dlfs/train/plot"
)

// TestFiguresReadBack reads a run's figures as a viewer: loss.svg and
// loss_first1000.svg put every update's loss where their tick labels say,
// accuracy.svg each evaluation's accuracies at its epoch (train solid,
// test dashed) on a 0–1 scale, and hidden_units.svg each unit j's image,
// initial then trained, pixel p coloured as W1[p][j] on a scale whose ends
// are the largest weight's magnitude.
func TestFiguresReadBack(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 1500, Batch: 6, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	res := Run(cfg, d, Hooks{})
	perEpoch := cfg.ItersPerEpoch(d.Train.Len())
	figs := map[string][]byte{}
	for _, f := range append(RunFigures(res, perEpoch), ModelFigures(res.Initial, res.Net, Inspect(res.Net, d.Test), d.Test)...) {
		figs[f.Name] = f.SVG
	}
	// line checks that polyline i of the chart svg holds the points (x[k], y[k]).
	line := func(name string, i int, x, y []float64) {
		root := svgtest.Parse(t, figs[name])
		_, ax, ay, _, _ := svgtest.ReadChart(t, root)
		lines := root.All("polyline")
		pts := svgtest.Points(t, lines[i])
		if len(pts) != len(x) {
			t.Fatalf("%s, line %d: %d points, want %d", name, i, len(pts), len(x))
		}
		for k, p := range pts {
			if math.Abs(ax.Value(p[0])-x[k]) > 0.15/ax.B || math.Abs(ay.Value(p[1])-y[k]) > 0.15/-ay.B {
				t.Errorf("%s, line %d: point %d reads (%v, %v), want (%v, %v)", name, i, k, ax.Value(p[0]), ay.Value(p[1]), x[k], y[k])
				return
			}
		}
	}
	iters := make([]float64, len(res.Losses))
	for i := range iters {
		iters[i] = float64(i)
	}
	line("loss.svg", 0, iters, res.Losses)
	line("loss_first1000.svg", 0, iters[:1000], res.Losses[:1000])
	var epochs, trainAcc, testAcc []float64
	for _, e := range res.Evals {
		epochs = append(epochs, float64(e.Iter)/float64(perEpoch))
		trainAcc, testAcc = append(trainAcc, e.TrainAcc), append(testAcc, e.TestAcc)
	}
	line("accuracy.svg", 0, epochs, trainAcc)
	line("accuracy.svg", 1, epochs, testAcc)
	acc := svgtest.Parse(t, figs["accuracy.svg"])
	if _, _, _, _, yt := svgtest.ReadChart(t, acc); yt[0] != 0 || yt[len(yt)-1] != 1 {
		t.Errorf("accuracy.svg's scale runs %v to %v, want 0 to 1", yt[0], yt[len(yt)-1])
	}
	if l := acc.All("polyline"); l[0].Attr["stroke-dasharray"] != "" || l[1].Attr["stroke-dasharray"] == "" {
		t.Errorf("accuracy.svg: train dashed %q, test dashed %q; want the test line dashed", l[0].Attr["stroke-dasharray"], l[1].Attr["stroke-dasharray"])
	}
	images := svgtest.Parse(t, figs["hidden_units.svg"]).All("image")
	if len(images) != 2*cfg.Hidden {
		t.Fatalf("hidden_units.svg: %d images, want %d", len(images), 2*cfg.Hidden)
	}
	for panel, w := range []*tensor.Tensor{res.Initial, res.Net.W1} {
		peak := 0.0
		for _, v := range w.Data() {
			peak = max(peak, math.Abs(v))
		}
		scale := plot.Diverging{Max: peak}
		for j := range cfg.Hidden {
			img := svgtest.Image(t, images[panel*cfg.Hidden+j])
			for p := range mnist.Pixels {
				if got, want := color.RGBAModel.Convert(img.At(p%28, p/28)), scale.Colour(w.At(p, j)); got != want {
					t.Fatalf("hidden_units.svg, panel %d, unit %d, pixel %d: %v, want %v for the weight %v", panel, j, p, got, want, w.At(p, j))
				}
			}
		}
	}
}
