package lab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

// pngOf encodes test image i as a PNG.
func pngOf(t testing.TB, i int) []byte {
	data, _ := testData()
	g := image.NewGray(image.Rect(0, 0, mnist.Cols, mnist.Rows))
	copy(g.Pix, data.Test.Image(i))
	var b bytes.Buffer
	png.Encode(&b, g)
	return b.Bytes()
}

// trainedNet is a network trained for 1000 updates, about 87% right.
var trainedNet = sync.OnceValue(func() *network.TwoLayerNet {
	data, _ := testData()
	cfg := train.DefaultConfig
	cfg.Iters = 1000
	return train.Run(cfg, data, train.Hooks{}).Net
})

// TestPredict: POST /api/predict and /predict answer each kind of body
// with its status and a JSON body, from -load's network, a run's, or
// none; the page's files are served with their types.
func TestPredict(t *testing.T) {
	none, _ := newTestLab(t, nil)
	if code, body := do(t, none.Handler(), "POST", "/api/predict", string(pngOf(t, 0))); code != 404 || !strings.Contains(body, "no network to read with") {
		t.Errorf("no network: %d %s", code, body)
	}
	l, logged := newTestLab(t, trainedNet())
	h := l.Handler()
	var empty, huge bytes.Buffer
	png.Encode(&empty, image.NewGray(image.Rect(0, 0, 40, 40)))
	png.Encode(&huge, image.NewGray(image.Rect(0, 0, 4096, 4096))) // 16 Mpixels of a single shade, a small file
	var most, past bytes.Buffer                                    // the most pixels taken, and one row more
	png.Encode(&most, image.NewGray(image.Rect(0, 0, 1024, maxPixels/1024)))
	png.Encode(&past, image.NewGray(image.Rect(0, 0, 1024, maxPixels/1024+1)))
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"a digit", "POST", "/api/predict", string(pngOf(t, 0)), 200, `"digit":7`},
		{"the old path", "POST", "/predict", string(pngOf(t, 0)), 200, `"digit":7`},
		{"-load's run", "POST", "/api/predict?run=0", string(pngOf(t, 1)), 200, `"digit":2`},
		{"no such run", "POST", "/api/predict?run=9", string(pngOf(t, 1)), 404, `run \"9\": no such run`},
		{"a run that is not a number", "POST", "/api/predict?run=zero", string(pngOf(t, 1)), 404, `run \"zero\": no such run`},
		{"a run id not a number", "GET", "/api/runs/x", "", 404, `no run \"x\"`},
		{"its units", "GET", "/api/runs/x/units?updates=0", "", 404, `no run \"x\"`},
		{"its file", "GET", "/runs/x/report.html", "", 404, `no run \"x\"`},
		{"-load's run by number", "GET", "/api/runs/0", "", 200, `"state":"finished"`},
		{"a look back without its run", "POST", "/api/predict?updates=0", string(pngOf(t, 1)), 400, `updates: a look back names its run`},
		{"not an image", "POST", "/api/predict", "hello", 415, `"error":"not a PNG, JPEG or GIF image`},
		{"too large", "POST", "/api/predict", string(make([]byte, maxUpload+1)), 415, `not a PNG`},
		{"too many pixels", "POST", "/api/predict", huge.String(), 413, `an image of 4096×4096 pixels: at most 1048576`},
		{"no ink", "POST", "/api/predict", empty.String(), 422, `"error":"mnist: the image has no ink`},
		{"the most pixels", "POST", "/api/predict", most.String(), 422, `"error":"mnist: the image has no ink`},
		{"one row more", "POST", "/api/predict", past.String(), 413, fmt.Sprintf("pixels: at most %d in all", maxPixels)},
		{"the page", "GET", "/", "", 200, `<canvas id="pad"`},
		{"its style", "GET", "/page.css", "", 200, `body {`},
		{"its script", "GET", "/main.js", "", 200, `import { Runs } from "./runs.js";`},
		{"a module of it", "GET", "/runs.js", "", 200, `export class Runs`},
		{"its icon", "GET", "/favicon.svg", "", 200, `<svg`},
		{"wrong method", "GET", "/api/predict", "", 405, ""},
		{"no such page", "GET", "/nothing", "", 404, ""},
	} {
		code, body := do(t, h, c.method, c.path, c.body)
		if code != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: status %d, body %.200s; want %d and %q", c.name, code, body, c.status, c.want)
		}
	}
	// The digits the eval events read: the test set's first eight, each
	// with its label and pixels.
	_, digitsBody := do(t, h, "GET", "/api/digits", "")
	var digits []struct {
		Index, Label int
		Pixels       []byte
	}
	if err := json.Unmarshal([]byte(digitsBody), &digits); err != nil || len(digits) != 8 {
		t.Fatalf("GET /api/digits: %v, %.200s", err, digitsBody)
	}
	test, _ := testData()
	for i, d := range digits {
		if d.Index != i || d.Label != test.Test.Label(i) || !bytes.Equal(d.Pixels, test.Test.Image(i)) {
			t.Errorf("digit %d: index %d, label %d (the set's %d), its pixels the set's: %v", i, d.Index, d.Label, test.Test.Label(i), bytes.Equal(d.Pixels, test.Test.Image(i)))
		}
	}
	// -load's model is run 0, finished, its accuracies those of its weights.
	_, body := do(t, h, "GET", "/api/runs", "")
	var list []runObject
	json.Unmarshal([]byte(body), &list)
	data, _ := testData()
	trainAcc, testAcc := train.Accuracies(trainedNet(), data)
	if len(list) != 1 || list[0].ID != 0 || list[0].State != finished || list[0].TrainAcc == nil || *list[0].TrainAcc != trainAcc || *list[0].TestAcc != testAcc {
		t.Errorf("runs with -load: %s", body)
	}
	// A body past the limit that starts as an image is refused as too large.
	big := append(append([]byte(nil), pngOf(t, 0)...), make([]byte, maxUpload)...)
	if code, body := do(t, h, "POST", "/api/predict", string(big)); code != 413 || !strings.Contains(body, "larger than 4194304 bytes") {
		t.Errorf("a PNG followed by 4 MiB: %d %s", code, body)
	}
	for _, line := range []string{"POST /api/predict 200 ", "POST /api/predict 415 ", "GET / 200 ", "GET /main.js 200 ", "GET /nothing 404 ", "GET /api/predict 405 "} {
		if !strings.Contains(logged.String(), "\n"+line) {
			t.Errorf("the log has no line %q:\n%s", line, logged)
		}
	}
	// The answer: ten probabilities summing to 1, 784 inputs, the run.
	_, body = do(t, h, "POST", "/api/predict", string(pngOf(t, 1)))
	var p prediction
	if err := json.Unmarshal([]byte(body), &p); err != nil || len(p.Probabilities) != 10 || len(p.Input) != mnist.Pixels || p.Run != 0 {
		t.Fatalf("answer %v: %v", p, err)
	}
	sum := 0.0
	for _, v := range p.Probabilities {
		sum += v
	}
	if !(math.Abs(sum-1) <= 1e-9) || p.Probabilities[p.Digit] < p.Probabilities[(p.Digit+1)%10] {
		t.Errorf("probabilities %v, digit %d", p.Probabilities, p.Digit)
	}
	// A run's network reads mid-training, and is the default once it has one.
	if code, _ := do(t, h, "POST", "/api/runs", `{"iters": 100000}`); code != 201 {
		t.Fatal(code)
	}
	for range 500 {
		if net, _ := l.find(1).current(); net != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, body = do(t, h, "POST", "/api/predict", string(pngOf(t, 1)))
	if json.Unmarshal([]byte(body), &p); p.Run != 1 || p.Updates < 1 || len(p.Hidden) != 50 || len(p.Scores) != 10 {
		t.Errorf("read by run %d after %d updates, %d hidden, %d scores; want the run in progress: %s", p.Run, p.Updates, len(p.Hidden), len(p.Scores), body)
	}
	// A later reading is by a network that has learnt more.
	first := p.Updates
	for range 500 {
		if _, done := l.find(1).current(); done > first {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, body = do(t, h, "POST", "/api/predict", string(pngOf(t, 1)))
	if json.Unmarshal([]byte(body), &p); p.Updates <= first {
		t.Errorf("a second reading after %d updates, the first after %d", p.Updates, first)
	}
}

// TestPredictEdges: a GIF of no pixels is refused for its size; a look
// back to before a run's first evaluation finds no network; an image
// whose decoding needs more than the whole budget is refused at once,
// naming the bytes it needs: 40 a pixel and the upload's 4 MiB.
func TestPredictEdges(t *testing.T) {
	l, _ := newTestLab(t, trainedNet())
	h := l.Handler()
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 30, "seed": 1}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	waitState(t, h, 1, finished)
	gif := func(w, h byte) string {
		b := append([]byte("GIF89a"), w, 0, h, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255)
		return string(append(b, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0x3b))
	}
	for _, c := range []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"a GIF of 0×5", "/api/predict", gif(0, 5), 413, "an image of 0×5 pixels"},
		{"a GIF of 5×0", "/api/predict", gif(5, 0), 413, "an image of 5×0 pixels"},
		{"a look back to update 0", "/api/predict?run=1&updates=0", string(pngOf(t, 0)), 404, "run 1 kept no network from an evaluation after 0 updates or fewer"},
		{"a look back to update 1", "/api/predict?run=1&updates=1", string(pngOf(t, 0)), 200, `"updates":1`},
	} {
		if code, body := do(t, h, "POST", c.path, c.body); code != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %.200s, want %d and %q", c.name, code, body, c.status, c.want)
		}
	}
	l.decodes = newBudget(maxUpload + 40*28*28 - 1)
	want := fmt.Sprintf("%d units of a budget of %d", maxUpload+40*28*28, maxUpload+40*28*28-1)
	if code, body := do(t, h, "POST", "/api/predict", string(pngOf(t, 0))); code != 503 || !strings.Contains(body, want) {
		t.Errorf("an image needing a byte more than the budget: %d %.200s, want 503 and %q", code, body, want)
	}
}
