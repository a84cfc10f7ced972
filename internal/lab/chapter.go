package lab

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"dlfs/network"
	"dlfs/tensor"
)

// The chapter by hand, each answer from the network package's own
// functions, the ones the commands call:
//
//	GET /api/chapter/loss?y=0.1,0.05,…&t=2       §4.2: sum of squares and cross-entropy of
//	                                             the output y for the right digit t
//	GET /api/chapter/diff?x=5&h=1e-4             §4.3: function_1 at x, its forward and
//	                                             central differences with step h, the exact
//	                                             slope, the tangent
//	GET /api/chapter/gradient?x0=-3&x1=4         §4.4: function_2's numerical gradient
//	GET /api/chapter/field                       §4.4: the negative gradient on Figure 4-9's grid
//	GET /api/chapter/descent?x0=-3&x1=4&lr=0.1&steps=20
//	                                             §4.4.1: gradient descent's path
func chapterRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/chapter/loss", chapterLoss)
	mux.HandleFunc("GET /api/chapter/diff", chapterDiff)
	mux.HandleFunc("GET /api/chapter/gradient", chapterGradient)
	mux.HandleFunc("GET /api/chapter/field", chapterField)
	mux.HandleFunc("GET /api/chapter/descent", chapterDescent)
}

// maxSteps bounds a descent's steps.
const maxSteps = 1000

// number reads query parameter name as a finite number in [lo, hi].
func number(r *http.Request, name string, lo, hi float64) (float64, error) {
	s := r.URL.Query().Get(name)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= lo && v <= hi) {
		return 0, fmt.Errorf("%s %q: must be a number from %g to %g", name, s, lo, hi)
	}
	return v, nil
}

func chapterLoss(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(r.URL.Query().Get("y"), ",")
	if len(parts) != 10 {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("y: %d values, want the 10 probabilities of the digits", len(parts)))
		return
	}
	y := make([]float64, 10)
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || !(v >= 0 && v <= 1) {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("y[%d] %q: must be a probability from 0 to 1", i, p))
			return
		}
		y[i] = v
	}
	t, err := number(r, "t", 0, 9)
	if err != nil || t != math.Trunc(t) {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("t %q: must be the right digit, 0 to 9", r.URL.Query().Get("t")))
		return
	}
	oneHot := tensor.Zeros(10)
	oneHot.Data()[int(t)] = 1
	yt := tensor.New(y, 10)
	writeJSON(w, http.StatusOK, map[string]float64{
		"sum_squared":   network.SumSquaredError(yt, oneHot),
		"cross_entropy": network.CrossEntropyError(yt, oneHot),
	})
}

func chapterDiff(w http.ResponseWriter, r *http.Request) {
	x, err := number(r, "x", -1e6, 1e6)
	if err == nil {
		var h float64
		if h, err = number(r, "h", 1e-300, 1e3); err == nil {
			f := network.Function1
			central := network.CentralDiff(f, x, h)
			writeJSON(w, http.StatusOK, map[string]float64{
				"x": x, "h": h, "f": f(x),
				"forward": network.ForwardDiff(f, x, h),
				"central": central,
				"exact":   float64(0.02*x) + 0.1, // d/dx (0.01x² + 0.1x)
				"slope":   central, "intercept": f(x) - float64(central*x),
			})
			return
		}
	}
	jsonError(w, http.StatusBadRequest, err.Error())
}

func chapterGradient(w http.ResponseWriter, r *http.Request) {
	x0, err := number(r, "x0", -1e6, 1e6)
	if err == nil {
		var x1 float64
		if x1, err = number(r, "x1", -1e6, 1e6); err == nil {
			g := network.NumericalGradient(network.Function2, tensor.New([]float64{x0, x1}, 2))
			writeJSON(w, http.StatusOK, map[string]any{"x": []float64{x0, x1}, "f": network.Function2(tensor.New([]float64{x0, x1}, 2)), "gradient": g.Data()})
			return
		}
	}
	jsonError(w, http.StatusBadRequest, err.Error())
}

// chapterField is Figure 4-9: the negative gradient of function_2 at the
// points x0, x1 = −2, −1.75, …, 2.25, as the book's np.arange(-2, 2.5, 0.25).
func chapterField(w http.ResponseWriter, r *http.Request) {
	var points [][4]float64 // x0, x1, −∂f/∂x0, −∂f/∂x1
	for i := range 18 {
		for j := range 18 {
			x := tensor.New([]float64{-2 + float64(0.25*float64(i)), -2 + float64(0.25*float64(j))}, 2)
			g := network.NumericalGradient(network.Function2, x).Data()
			points = append(points, [4]float64{x.Data()[0], x.Data()[1], -g[0], -g[1]})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"points": points})
}

func chapterDescent(w http.ResponseWriter, r *http.Request) {
	var x0, x1, lr, steps float64
	var err error
	for _, p := range []struct {
		v      *float64
		name   string
		lo, hi float64
	}{{&x0, "x0", -1e3, 1e3}, {&x1, "x1", -1e3, 1e3}, {&lr, "lr", 1e-300, 1e3}, {&steps, "steps", 0, maxSteps}} {
		if *p.v, err = number(r, p.name, p.lo, p.hi); err != nil {
			jsonError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	if steps != math.Trunc(steps) {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("steps %v: must be a whole number", steps))
		return
	}
	final, history := network.GradientDescent(network.Function2, tensor.New([]float64{x0, x1}, 2), lr, int(steps))
	path := make([][2]*float64, 0, len(history)+1)
	for _, p := range append(history, final) {
		path = append(path, [2]*float64{nullable(p.Data()[0]), nullable(p.Data()[1])})
	}
	// f = x0² + x1² is the squared distance from the minimum at 0: further
	// away at the end, the steps overshot it more each time.
	start, end := network.Function2(tensor.New([]float64{x0, x1}, 2)), network.Function2(final)
	writeJSON(w, http.StatusOK, map[string]any{
		"path": path, "final": path[len(path)-1],
		"diverged": !(end <= start),
		"f":        nullable(network.Function2(final)),
	})
}
