package train

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// A Chapter command demonstrates one section of the chapter: it prints the
// book's numbers to w and writes its figure to the out folder.
type Chapter struct {
	Section string
	Summary string
	Run     func(w io.Writer, out string, seed uint64) error
}

// Chapters are the program's commands other than training.
var Chapters = map[string]Chapter{
	"diff":      {"§4.3", "numerical differentiation: rounding pitfalls, central vs forward difference, tangents of function_1", diffCommand},
	"gradient":  {"§4.4", "the gradient of function_2 at three points and its negative-gradient field", gradientCommand},
	"descent":   {"§4.4.1", "gradient descent from (−3, 4) with learning rates 0.1, 10 and 1e-10, and its path", descentCommand},
	"simplenet": {"§4.4.2", "simpleNet: predict, loss and the numerical gradient dW", simpleNetCommand},
	"gradcheck": {"§4.5", "numerical against backpropagation gradients of TwoLayerNet on 3 MNIST images", gradcheckCommand},
}

// ChapterNames returns the command names in alphabetical order.
func ChapterNames() []string {
	var names []string
	for n := range Chapters {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func diffCommand(w io.Writer, out string, _ uint64) error {
	f := network.Function1
	fmt.Fprintln(w, "§4.3.1 Rounding pitfalls of h = 1e-50")
	h := 1e-50
	x := 5.0
	fmt.Fprintf(w, "  float32(1e-50)           = %v\n", float32(h))
	fmt.Fprintf(w, "  5 + 1e-50 == 5           = %v (at run time, in float64)\n", x+h == x)
	fmt.Fprintf(w, "  forward diff, h = 1e-50  = %v\n", network.ForwardDiff(f, x, h))
	fmt.Fprintln(w, "§4.3.1 Forward against central difference at x = 5 (true value 0.2), h = 1e-4")
	fmt.Fprintf(w, "  forward  (f(x+h)-f(x))/h     = %.16g  error %.2g\n", network.ForwardDiff(f, x, network.H), network.ForwardDiff(f, x, network.H)-0.2)
	fmt.Fprintf(w, "  central  (f(x+h)-f(x-h))/2h  = %.16g  error %.2g\n", network.NumericalDiff(f, x), network.NumericalDiff(f, x)-0.2)
	fmt.Fprintln(w, "§4.3.2 numerical_diff(function_1, x)")
	var lines []Line
	xs := tensor.Arange(0, 20, 0.1).Data()
	ys := make([]float64, len(xs))
	for i, v := range xs {
		ys[i] = f(v)
	}
	lines = append(lines, Line{Label: "f(x) = 0.01x² + 0.1x", X: xs, Y: ys})
	for _, at := range []float64{5, 10} {
		slope, icept := network.Tangent(f, at)
		fmt.Fprintf(w, "  x = %-2v  %v   tangent y = %.4f·x %+.4f\n", at, network.NumericalDiff(f, at), slope, icept)
		lines = append(lines, Line{Label: fmt.Sprintf("tangent at x = %v", at), X: []float64{0, 20}, Y: []float64{icept, 20*slope + icept}, Dashed: true})
	}
	return wrote(w)(writeSVG(out, "function1.svg", &Chart{
		Title: "function_1 and its tangents (Figure 4-7)", XLabel: "x", YLabel: "f(x)",
		XMin: 0, XMax: 20, YMin: -1, YMax: 6, Lines: lines, LegendAt: "top-left",
	}))
}

func gradientCommand(w io.Writer, out string, _ uint64) error {
	fmt.Fprintln(w, "§4.4 numerical_gradient(function_2, x), function_2(x) = x0² + x1²")
	for _, p := range [][2]float64{{3, 4}, {0, 2}, {3, 0}} {
		x := tensor.New([]float64{p[0], p[1]}, 2)
		g := network.NumericalGradient(func() float64 { return network.Function2(x) }, x)
		fmt.Fprintf(w, "  at (%v, %v): %v\n", p[0], p[1], g.Data())
	}
	// Figure 4-9: −∇f on a grid, scaled down to fit between grid points.
	var arrows []Arrow
	for _, a := range tensor.Arange(-2, 2.5, 0.25).Data() {
		for _, b := range tensor.Arange(-2, 2.5, 0.25).Data() {
			x := tensor.New([]float64{a, b}, 2)
			g := network.NumericalGradient(func() float64 { return network.Function2(x) }, x).Data()
			arrows = append(arrows, Arrow{a, b, a - 0.05*g[0], b - 0.05*g[1]})
		}
	}
	return wrote(w)(writeSVG(out, "gradient_field.svg", &Chart{
		Title: "Negative gradient of x0² + x1² (Figure 4-9)", XLabel: "x0", YLabel: "x1",
		XMin: -2.5, XMax: 2.5, YMin: -2.5, YMax: 2.5, Arrows: arrows,
	}))
}

func descentCommand(w io.Writer, out string, _ uint64) error {
	fmt.Fprintln(w, "§4.4.1 gradient_descent(function_2, init_x=(-3, 4), lr, step_num=100)")
	init := tensor.New([]float64{-3, 4}, 2)
	var path *Line
	for _, lr := range []float64{0.1, 10, 1e-10} {
		x, hist := network.GradientDescent(network.Function2, init, lr, 100)
		fmt.Fprintf(w, "  lr %-6v → %v   exactly %v\n", lr, x, x.Data())
		if path == nil {
			path = &Line{Label: "lr 0.1, 100 steps", Markers: true}
			for _, h := range hist {
				path.X, path.Y = append(path.X, h.At(0)), append(path.Y, h.At(1))
			}
		}
	}
	axes := []Line{
		{X: []float64{-5, 5}, Y: []float64{0, 0}, Color: "#999", Dashed: true, Width: 1},
		{X: []float64{0, 0}, Y: []float64{-5, 5}, Color: "#999", Dashed: true, Width: 1},
	}
	return wrote(w)(writeSVG(out, "descent.svg", &Chart{
		Title: "Gradient descent on x0² + x1² (Figure 4-10)", XLabel: "X0", YLabel: "X1",
		XMin: -3.5, XMax: 3.5, YMin: -4.5, YMax: 4.5, Lines: append(axes, *path),
	}))
}

func simpleNetCommand(w io.Writer, _ string, seed uint64) error {
	fmt.Fprintln(w, "§4.4.2 simpleNet with the weights the book prints")
	net := &network.SimpleNet{W: tensor.New([]float64{
		0.47355232, 0.9977393, 0.84668094,
		0.85557411, 0.03563661, 0.69422093}, 2, 3)}
	x, t := tensor.New([]float64{0.6, 0.9}, 2), tensor.New([]float64{0, 0, 1}, 3)
	p := net.Predict(x)
	fmt.Fprintf(w, "W =\n%v\np = %v\nnp.argmax(p) = %d\nloss = %v\ndW =\n%v\n",
		net.W, p, tensor.ArgmaxAll(p), net.Loss(x, t), net.NumericalGradient(x, t))
	rnd := network.NewSimpleNet(rand.New(rand.NewPCG(seed, 0)))
	fmt.Fprintf(w, "and with random weights (seed %d): loss = %.6f, dW =\n%v\n", seed, rnd.Loss(x, t), rnd.NumericalGradient(x, t))
	return nil
}

func gradcheckCommand(w io.Writer, _ string, seed uint64) error {
	data, err := mnist.Load()
	if err != nil {
		return err
	}
	x := tensor.Zeros(3, mnist.Pixels)
	labels := make([]int, 3)
	data.Train.Chunk(x, labels, 0)
	net := network.NewTwoLayerNet(mnist.Pixels, 50, mnist.Classes, 0.01, rand.New(rand.NewPCG(seed, 0)))
	fmt.Fprintf(w, "gradient check: 784-50-10 net (seed %d), training images 0–2, max |numerical − backprop|\n", seed)
	for _, d := range net.GradientCheck(x, tensor.OneHot(labels, mnist.Classes)) {
		fmt.Fprintf(w, "  %-2s  %.3g\n", d.Name, d.MaxAbsDiff)
	}
	fmt.Fprintf(w, "(differences of order 1e-7 in W2 and b2 come from the δ = %g inside the loss's log, which backprop omits)\n", network.CrossEntropyDelta)
	return nil
}

// wrote reports a written figure.
func wrote(w io.Writer) func(string, error) error {
	return func(path string, err error) error {
		if err == nil {
			fmt.Fprintln(w, "wrote", path)
		}
		return err
	}
}
