package cli

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/svgtest"
)

// TestExamples runs each of the chapter's examples and looks for the
// numbers the book prints (or the ones its code gives where it prints
// none), and for the figure each reports on stderr.
func TestExamples(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args   []string
		stdout []string
		figure string
	}{
		{[]string{"loss"}, []string{"0.09750000000000003", "0.5975", "0.510825457099338", "2.302584092994546",
			"x_train [60000 784], t_train [60000 10]", "x_batch [10 784], t_batch [10 10]",
			"np.random.seed(0); batch_mask = np.random.choice(60000, 10) = [2732 43567 42613 52416 45891 21243 30403 32103 41993 57043]",
			"one-hot t [2 10]  1.406704775046942", "labels t  [2]     1.406704775046942"}, ""},
		{[]string{"diff", "-out", dir}, []string{"0.1999999999990898", "0.2999999999986347", "float32(1e-50)           = 0",
			"5 + 1e-50 == 5           = true", "= 0.2000009999991725  error 1e-06", "= 0.1999999999990898  error -9.1e-13"}, "function1.svg"},
		{[]string{"gradient", "-out", dir}, []string{"[6.00000000000378 7.999999999999119]", "[0 4.000000000004]", "[6.000000000012662 0]"}, "gradient_field.svg"},
		{[]string{"descent", "-out", dir}, []string{"[-6.111107928998789e-10 8.148143905314271e-10]", "[-2.58983747e+13 -1.29524862e+12]", "[-2.99999994  3.99999992]"}, "descent.svg"},
		{[]string{"simplenet"}, []string{"loss = 0.9280682857864075", "np.argmax(p) = 2", "[1.05414809 0.63071653 1.1328074 ]",
			"The book prints loss = 0.92806853663411326", "the loss 2.5e-07 away, dW at most 1.4e-07", "[[ 0.21924763  0.14356247 -0.36281009]\n [ 0.32887144  0.2153437  -0.54421514]]"}, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr, false); code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, stderr.String())
		}
		for _, s := range tt.stdout {
			if !strings.Contains(stdout.String(), s) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, s, stdout.String())
			}
		}
		wantErr := ""
		if tt.figure != "" {
			wantErr = "wrote " + filepath.Join(dir, tt.figure) + "\n"
			if _, err := os.Stat(filepath.Join(dir, tt.figure)); err != nil {
				t.Error(err)
			}
		}
		if stderr.String() != wantErr {
			t.Errorf("%v: stderr %q, want %q", tt.args, stderr.String(), wantErr)
		}
	}
}

// TestGradcheckCommand: `gradcheck` prints, for each parameter in the
// book's order, the largest difference between the numerical and the
// backprop gradient, and the claim under them holds: W1's and b1's are
// far below 1e-7, W2's and b2's of order 1e-7 (the δ inside the log).
func TestGradcheckCommand(t *testing.T) {
	code, stdout, stderr := runCommand("gradcheck")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "gradient check (§5.7.3): 784-50-10 net (seed 0)") ||
		!strings.Contains(lines[5], "δ = 1e-07") {
		t.Fatalf("printed\n%s", stdout)
	}
	for i, name := range []string{"W1", "b1", "W2", "b2"} {
		var got string
		var diff float64
		if _, err := fmt.Sscanf(lines[1+i], "%s %g", &got, &diff); err != nil || got != name {
			t.Errorf("line %q, want %s's difference", lines[1+i], name)
			continue
		}
		small := name == "W1" || name == "b1"
		if small && !(diff > 0 && diff < 1e-8) || !small && !(diff > 1e-8 && diff < 1e-6) {
			t.Errorf("%s: a difference of %g", name, diff)
		}
	}
}

// TestChapterFigures reads the examples' figures back as a viewer does,
// from their tick labels: each frame spans the book's axes; Figure 4-7
// draws function_1 and its tangents at 5 and 10 (slopes 0.2 and 0.3
// through f(5) = 0.75 and f(10) = 2); Figure 4-9 an arrow −0.05·∇f =
// −0.1·(x0, x1) from each point of np.arange(-2, 2.5, 0.25) squared;
// Figure 4-10 the axes and the path from (−3, 4), each step ×0.8, up to
// the 100th.
func TestChapterFigures(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"diff", "gradient", "descent"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{name, "-out", dir}, &stdout, &stderr, false); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr.String())
		}
	}
	const tol = 0.01 // of a unit: a tenth of a pixel is at most 0.004
	near := func(a, b float64) bool { return math.Abs(a-b) <= tol }
	read := func(file string, x0, x1, y0, y1 float64) (*svgtest.Element, func([2]float64) [2]float64) {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		root := svgtest.Parse(t, b)
		frame, x, y, _, _ := svgtest.ReadChart(t, root)
		if !near(x.Value(frame[0]), x0) || !near(x.Value(frame[0]+frame[2]), x1) ||
			!near(y.Value(frame[1]+frame[3]), y0) || !near(y.Value(frame[1]), y1) {
			t.Errorf("%s: the frame spans x %.3f to %.3f, y %.3f to %.3f; want %v to %v, %v to %v", file,
				x.Value(frame[0]), x.Value(frame[0]+frame[2]), y.Value(frame[1]+frame[3]), y.Value(frame[1]), x0, x1, y0, y1)
		}
		return root, func(p [2]float64) [2]float64 { return [2]float64{x.Value(p[0]), y.Value(p[1])} }
	}
	lines := func(root *svgtest.Element, data func([2]float64) [2]float64) [][][2]float64 {
		var out [][][2]float64
		for _, e := range root.All("polyline") {
			var pts [][2]float64
			for _, p := range svgtest.Points(t, e) {
				pts = append(pts, data(p))
			}
			out = append(out, pts)
		}
		return out
	}

	root, data := read("function1.svg", 0, 20, -1, 6)
	got := lines(root, data)
	if len(got) != 3 || len(got[0]) != 200 {
		t.Fatalf("function1.svg: %d lines", len(got))
	}
	for _, p := range got[0] {
		if f := float64(0.01*p[0]*p[0]) + float64(0.1*p[0]); !near(p[1], f) {
			t.Errorf("function1.svg: the curve at x = %.3f is %.3f, f(x) = %.3f", p[0], p[1], f)
			break
		}
	}
	for i, tan := range [][2]float64{{0.2, 0.75 - 1}, {0.3, 2 - 3}} { // slope, and the intercept f(a) − a·slope
		want := [][2]float64{{0, tan[1]}, {20, float64(20*tan[0]) + tan[1]}}
		if l := got[1+i]; len(l) != 2 || !near(l[0][0], want[0][0]) || !near(l[0][1], want[0][1]) || !near(l[1][0], want[1][0]) || !near(l[1][1], want[1][1]) {
			t.Errorf("function1.svg: tangent %d from %v to %v, want %v", i, l[0], l[len(l)-1], want)
		}
	}

	root, data = read("gradient_field.svg", -2.5, 2.5, -2.5, 2.5)
	var arrows [][2][2]float64
	for _, e := range root.All("line") {
		if e.Attr["marker-end"] != "" {
			arrows = append(arrows, [2][2]float64{data([2]float64{e.Num(t, "x1"), e.Num(t, "y1")}), data([2]float64{e.Num(t, "x2"), e.Num(t, "y2")})})
		}
	}
	if len(arrows) != 18*18 {
		t.Fatalf("gradient_field.svg: %d arrows", len(arrows))
	}
	for k, a := range arrows {
		x0, x1 := -2+float64(0.25*float64(k/18)), -2+float64(0.25*float64(k%18))
		if !near(a[0][0], x0) || !near(a[0][1], x1) || !near(a[1][0], float64(0.9*x0)) || !near(a[1][1], float64(0.9*x1)) {
			t.Errorf("gradient_field.svg: arrow %d from %v to %v, want (%v, %v) to ×0.9", k, a[0], a[1], x0, x1)
			break
		}
	}

	root, data = read("descent.svg", -3.5, 3.5, -4.5, 4.5)
	got = lines(root, data)
	if len(got) != 3 || len(got[2]) != 100 { // the book's x_history: the point before each step
		t.Fatalf("descent.svg: %d lines", len(got))
	}
	for i, want := range [][2][2]float64{{{-5, 0}, {5, 0}}, {{0, -5}, {0, 5}}} {
		if l := got[i]; len(l) != 2 || !near(l[0][0], want[0][0]) || !near(l[0][1], want[0][1]) || !near(l[1][0], want[1][0]) || !near(l[1][1], want[1][1]) {
			t.Errorf("descent.svg: axis %d from %v to %v, want %v", i, l[0], l[len(l)-1], want)
		}
	}
	scale := 1.0
	for k, p := range got[2] {
		if !near(p[0], float64(-3*scale)) || !near(p[1], float64(4*scale)) {
			t.Errorf("descent.svg: step %d at %v, want (%v, %v)", k, p, -3*scale, 4*scale)
			break
		}
		scale *= 0.8
	}
}
