package lab

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// TestChapter: the chapter's endpoints answer the numbers the book
// prints, and refuse each bad parameter naming it.
func TestChapter(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	get := func(path string, v any) {
		t.Helper()
		code, body := do(t, h, "GET", path, "")
		if code != 200 {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatal(err)
		}
	}
	// §4.2: the book's two examples, "2" likeliest and "7" likeliest.
	var loss struct {
		SumSquared   float64 `json:"sum_squared"`
		CrossEntropy float64 `json:"cross_entropy"`
	}
	get("/api/chapter/loss?y=0.1,0.05,0.6,0.0,0.05,0.1,0.0,0.1,0.0,0.0&t=2", &loss)
	if loss.SumSquared != 0.09750000000000003 || loss.CrossEntropy != 0.510825457099338 {
		t.Errorf("the book's first example: %+v, want 0.09750000000000003 and 0.510825457099338", loss)
	}
	get("/api/chapter/loss?y=0.1,0.05,0.1,0.0,0.05,0.1,0.0,0.6,0.0,0.0&t=2", &loss)
	if loss.SumSquared != 0.5975 || loss.CrossEntropy != 2.302584092994546 {
		t.Errorf("the book's second example: %+v, want 0.5975 and 2.302584092994546", loss)
	}
	// §4.3: numerical_diff(function_1, 5) at the book's h; h = 1e-50 lost.
	var diff struct{ X, H, F, Forward, Central, Exact, Slope, Intercept float64 }
	get("/api/chapter/diff?x=5&h=1e-4", &diff)
	if diff.Central != 0.1999999999990898 || diff.Exact != 0.2 || diff.F != 0.75 || !(math.Abs(diff.Forward-0.200001) <= 1e-9) || diff.Intercept != 0.75-float64(diff.Slope*5) {
		t.Errorf("x = 5, h = 1e-4: %+v", diff)
	}
	get("/api/chapter/diff?x=5&h=1e-50", &diff)
	if diff.Central != 0 || diff.Forward != 0 {
		t.Errorf("h = 1e-50: %+v, want both differences 0", diff)
	}
	// §4.4: the gradients the book prints, and Figure 4-9's grid.
	for _, c := range []struct {
		q    string
		want [2]float64
	}{{"x0=3&x1=4", [2]float64{6, 8}}, {"x0=0&x1=2", [2]float64{0, 4}}, {"x0=3&x1=0", [2]float64{6, 0}}} {
		var g struct{ Gradient []float64 }
		get("/api/chapter/gradient?"+c.q, &g)
		if len(g.Gradient) != 2 || !(math.Abs(g.Gradient[0]-c.want[0]) <= 1e-6) || !(math.Abs(g.Gradient[1]-c.want[1]) <= 1e-6) {
			t.Errorf("gradient at %s: %v, want %v", c.q, g.Gradient, c.want)
		}
	}
	var field struct{ Points [][4]float64 }
	get("/api/chapter/field", &field)
	if p := field.Points[0]; len(field.Points) != 18*18 || p[0] != -2 || p[1] != -2 || !(math.Abs(p[2]-4) <= 1e-6) || !(math.Abs(p[3]-4) <= 1e-6) {
		t.Errorf("the field: %d points, the first %v", len(field.Points), field.Points[0])
	}
	// Every point of the grid, np.arange(-2, 2.5, 0.25) both ways, with
	// −∇f = (−2·x0, −2·x1).
	for k, p := range field.Points {
		x0, x1 := -2+float64(0.25*float64(k/18)), -2+float64(0.25*float64(k%18))
		if p[0] != x0 || p[1] != x1 || !(math.Abs(p[2]+2*x0) <= 1e-6) || !(math.Abs(p[3]+2*x1) <= 1e-6) {
			t.Errorf("point %d: %v, want (%v, %v) and %v, %v", k, p, x0, x1, -2*x0, -2*x1)
			break
		}
	}
	// §4.4.1: from (−3, 4), lr 0.1 for 100 steps reaches the minimum; lr 10
	// diverges; lr 1e-10 barely moves.
	type descent struct {
		Path     [][2]*float64
		Final    [2]*float64
		Diverged bool
	}
	var d descent
	get("/api/chapter/descent?x0=-3&x1=4&lr=0.1&steps=100", &d)
	if len(d.Path) != 101 || d.Diverged || !(math.Abs(*d.Final[0]+6.1e-10) <= 1e-11) || !(math.Abs(*d.Final[1]-8.1e-10) <= 1e-11) {
		t.Errorf("lr 0.1: %d points, diverged %v, final (%v, %v)", len(d.Path), d.Diverged, *d.Final[0], *d.Final[1])
	}
	get("/api/chapter/descent?x0=-3&x1=4&lr=10&steps=100", &d)
	if !d.Diverged {
		t.Error("lr 10: not diverged")
	}
	get("/api/chapter/descent?x0=-3&x1=4&lr=1e-10&steps=100", &d)
	if d.Diverged || !(math.Abs(*d.Final[0]+3) <= 1e-6) || !(math.Abs(*d.Final[1]-4) <= 1e-6) {
		t.Errorf("lr 1e-10: diverged %v, final (%v, %v)", d.Diverged, *d.Final[0], *d.Final[1])
	}
	// The ends of each range are taken: no step at all is the start alone,
	// not diverged; the first and last digit; the smallest h and lr.
	get("/api/chapter/descent?x0=-1000&x1=1000&lr=1e-300&steps=0", &d)
	if len(d.Path) != 1 || d.Diverged || *d.Final[0] != -1000 || *d.Final[1] != 1000 {
		t.Errorf("no step: %d points, diverged %v, final (%v, %v)", len(d.Path), d.Diverged, *d.Final[0], *d.Final[1])
	}
	get("/api/chapter/descent?x0=0&x1=0&lr=1000&steps=1000", &d)
	if len(d.Path) != 1001 || d.Diverged {
		t.Errorf("from the minimum: %d points, diverged %v", len(d.Path), d.Diverged)
	}
	for _, c := range []struct {
		q    string
		want float64
	}{{"y=1,0,0,0,0,0,0,0,0,0&t=0", 0}, {"y=0,0,0,0,0,0,0,0,0,1&t=9", 0}, {"y=0,0,0,0,0,0,0,0,0,1&t=0", 1}} {
		get("/api/chapter/loss?"+c.q, &loss)
		if loss.SumSquared != c.want || c.want == 0 && loss.CrossEntropy > 1e-6 {
			t.Errorf("loss at %s: %+v, want a sum of squares of %v", c.q, loss, c.want)
		}
	}
	get("/api/chapter/diff?x=-1000000&h=1e-300", &diff)
	if diff.X != -1e6 || diff.Central != 0 || diff.Exact != float64(0.02*-1e6)+0.1 {
		t.Errorf("x = -1e6, h = 1e-300: %+v", diff)
	}
	var g struct{ Gradient []float64 }
	get("/api/chapter/gradient?x0=-1000000&x1=1000000", &g)
	if len(g.Gradient) != 2 || !(math.Abs(g.Gradient[0]+2e6) <= 1) || !(math.Abs(g.Gradient[1]-2e6) <= 1) {
		t.Errorf("the gradient at (−1e6, 1e6): %v", g.Gradient)
	}
	for _, c := range []struct{ path, want string }{
		{"/api/chapter/loss?y=0.1,0.2&t=2", "y: 2 values"},
		{"/api/chapter/loss?y=0,0,0,0,0,0,0,0,0,-0.1&t=2", "y[9] \"-0.1\": must be a probability"},
		{"/api/chapter/loss?y=0,0,0,0,0,0,0,0,0,0&t=-1", "t \"-1\""},
		{"/api/chapter/diff?x=1000001&h=1e-4", "x \"1000001\": must be a number from -1e+06 to 1e+06"},
		{"/api/chapter/diff?x=5&h=1e-301", "h \"1e-301\""},
		{"/api/chapter/diff?x=5&h=1001", "h \"1001\""},
		{"/api/chapter/descent?x0=-1001&x1=4&lr=0.1&steps=5", "x0 \"-1001\""},
		{"/api/chapter/descent?x0=-3&x1=4&lr=0.1&steps=-1", "steps \"-1\""},
		{"/api/chapter/descent?x0=-3&x1=4&lr=1001&steps=5", "lr \"1001\""},
		{"/api/chapter/loss?y=0.1,0.05,2,0,0,0,0,0,0,0&t=2", "y[2] \"2\": must be a probability"},
		{"/api/chapter/loss?y=0,0,0,0,0,0,0,0,0,0&t=10", "t \"10\""},
		{"/api/chapter/loss?y=0,0,0,0,0,0,0,0,0,0&t=1.5", "t \"1.5\""},
		{"/api/chapter/diff?x=5&h=0", "h \"0\""},
		{"/api/chapter/diff?x=NaN&h=1e-4", "x \"NaN\""},
		{"/api/chapter/gradient?x0=1", "x1 \"\""},
		{"/api/chapter/descent?x0=-3&x1=4&lr=0.1&steps=1001", "steps \"1001\""},
		{"/api/chapter/descent?x0=-3&x1=4&lr=0.1&steps=2.5", "steps 2.5: must be a whole number"},
		{"/api/chapter/descent?x0=-3&x1=4&lr=-1&steps=5", "lr \"-1\""},
	} {
		code, body := do(t, h, "GET", c.path, "")
		var e struct{ Error string }
		json.Unmarshal([]byte(body), &e)
		if code != 400 || !strings.HasPrefix(e.Error, c.want) {
			t.Errorf("GET %s: %d %s, want 400 and %q", c.path, code, body, c.want)
		}
	}
}

// TestWarning: before a run of the numerical gradient, the time it will
// take at the pace measured here, in milliseconds under 10 s and seconds
// above, and past a minute a number of updates that takes about one,
// rounded down to tens.
func TestWarning(t *testing.T) {
	l, _ := newTestLab(t, nil)
	s := Settings{Iters: 10000, Batch: 100, LR: 0.1, Hidden: 50, Grad: "numerical"}
	for _, c := range []struct {
		per   time.Duration
		iters int
		want  string
	}{
		{37 * time.Millisecond, 10000, "the numerical gradient takes about 37ms an update here, 6m10s for 10000 updates: try 1620 updates first (§4.5 uses backprop for the rest)"},
		{6 * time.Millisecond, 10000, "the numerical gradient takes about 6ms an update here, 1m0s for 10000 updates"},
		{1234567 * time.Microsecond, 10, "the numerical gradient takes about 1.235s an update here, 12s for 10 updates"},
		{1234567 * time.Microsecond, 7, "the numerical gradient takes about 1.235s an update here, 8.642s for 7 updates"},
		{70 * time.Second, 1, "the numerical gradient takes about 1m10s an update here, 1m10s for 1 update: try 1 update first (§4.5 uses backprop for the rest)"},
	} {
		l.perUpdate[[2]int{s.Batch, s.Hidden}] = c.per
		s.Iters = c.iters
		if got := l.warning(s); got != c.want {
			t.Errorf("%v an update, %d updates: %q, want %q", c.per, c.iters, got, c.want)
		}
	}
	s.Grad = "backprop"
	if got := l.warning(s); got != "" {
		t.Errorf("backprop: %q", got)
	}
}
