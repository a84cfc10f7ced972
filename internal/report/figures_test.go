package report

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"regexp"
	"strings"
	"testing"

	"dlfs/internal/mnisttest"
	"dlfs/internal/report/plot"
	"dlfs/internal/svgtest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/train"
)

// TestFiguresReadBack reads a run's figures as a viewer: loss.svg and
// loss_first1000.svg put every update's loss where their tick labels say,
// accuracy.svg each evaluation's accuracies at its epoch (train solid,
// test dashed) on a 0–1 scale, and hidden_units.svg each unit j's image,
// initial then trained, pixel p coloured as W1[p][j] on a scale whose ends
// are the largest weight's magnitude.
func TestFiguresReadBack(t *testing.T) {
	d := mnisttest.Small(t)
	cfg := train.Config{Iters: 1500, Batch: 6, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	res := train.Run(cfg, d, train.Hooks{})
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
			if !(math.Abs(ax.Value(p[0])-x[k]) <= 0.15/ax.B) || !(math.Abs(ay.Value(p[1])-y[k]) <= 0.15/-ay.B) {
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
		epochs = append(epochs, float64(e.Iter)/perEpoch)
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
	// confusion.svg's note beside each true digit: the share of its test
	// images the network reads right and their number, counted here from
	// the set and the book layer's predictions.
	x, _ := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true})
	pred := tensor.Argmax(res.Net.Predict(x), 1)
	var notes []string
	for _, e := range svgtest.Parse(t, figs["confusion.svg"]).All("text") {
		if strings.Contains(e.Text, "% of ") {
			notes = append(notes, e.Text)
		}
	}
	if len(notes) != mnist.Classes {
		t.Fatalf("confusion.svg: %d row notes %v", len(notes), notes)
	}
	for digit, note := range notes {
		right, total := 0, 0
		for i, p := range pred {
			if d.Test.Label(i) == digit {
				total++
				if p == digit {
					right++
				}
			}
		}
		if want := fmt.Sprintf("%.1f%% of %d", 100*float64(right)/float64(max(total, 1)), total); note != want {
			t.Errorf("confusion.svg: the note of digit %d is %q, want %q", digit, note, want)
		}
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
	d := mnisttest.Small(t)
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
	d := mnisttest.Small(t)
	cfg := train.Config{Iters: 12, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 2}
	res := train.Run(cfg, d, train.Hooks{})
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
