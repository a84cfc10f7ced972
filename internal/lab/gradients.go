package lab

import (
	"fmt"
	"math"
	"net/http"
	"slices"

	"dlfs/mnist"
	"dlfs/network"
)

// gradBatch is the batch the gradients are compared on: its first training
// images, as few as GradientCheck asks for, so that the answer is quick.
const gradBatch = 10

// gradPicks is how many entries of each parameter are compared: those of
// the largest backpropagation gradient, where a wrong formula shows most.
const gradPicks = 3

// A gradEntry is one parameter entry's gradient both ways.
type gradEntry struct {
	Param     string  `json:"param"`
	Index     []int   `json:"index"` // its row and column, or its place in a bias
	Numerical float64 `json:"numerical"`
	Backprop  float64 `json:"backprop"`
	Diff      float64 `json:"diff"`     // |numerical − backprop|
	Relative  float64 `json:"relative"` // diff / the larger of the two in size
}

// gradients answers GET /api/runs/{id}/gradients: §4.5's point made on the
// run's network of the moment (or, with updates=N, of a look back), on a
// batch of gradBatch images. For a few entries of each parameter, ∂L/∂θ by
// central differences (network.NumericalGradient's steps, on that entry
// alone) and by backpropagation (TwoLayerNet.Gradient), and their
// difference: about 1e-7 of the gradient's size, the O(h²) error of the
// central difference, where a wrong backward formula would be of the
// gradient's own size.
func (l *Lab) gradients(w http.ResponseWriter, r *http.Request, run *run) {
	n, err := updatesParam(r)
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	net, done := run.current()
	if n >= 0 {
		net, done, _ = run.at(n)
	}
	if net == nil {
		jsonError(w, http.StatusConflict, fmt.Sprintf("run %d has no network to differentiate yet", run.id))
		return
	}
	work := &network.TwoLayerNet{Params: net.Clone()} // its entries are moved by h and back
	x, t := l.opt.Data.Train.Head(min(gradBatch, l.opt.Data.Train.Len())).Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	backprop := work.Gradient(x, t)
	var entries []gradEntry
	for name, g := range backprop.All() {
		p := work.Param(name).Data()
		for _, i := range largest(g.Data(), gradPicks) {
			v := p[i]
			p[i] = v + network.H
			f1 := work.Loss(x, t)
			p[i] = v - network.H
			f2 := work.Loss(x, t)
			p[i] = v
			num := (f1 - f2) / (2 * network.H)
			index := []int{i}
			if shape := work.Param(name).Shape(); len(shape) == 2 {
				index = []int{i / shape[1], i % shape[1]}
			}
			bp := g.Data()[i]
			diff := math.Abs(num - bp)
			entries = append(entries, gradEntry{name, index, num, bp, diff, diff / max(math.Abs(num), math.Abs(bp), math.SmallestNonzeroFloat64)})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"run": run.id, "updates": done, "batch": x.Dim(0), "h": network.H,
		"loss": work.Loss(x, t), "entries": entries})
}

// largest returns the places of the k entries of v largest in size, the
// largest first (ties by place).
func largest(v []float64, k int) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if x, y := math.Abs(v[a]), math.Abs(v[b]); x != y {
			if x > y {
				return -1
			}
			return 1
		}
		return 0
	})
	return idx[:min(k, len(idx))]
}
