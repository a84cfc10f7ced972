package cli

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"

	"dlfs/internal/regular"
	"dlfs/internal/report/plot"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// An example is one of the chapter's examples, run as `go run . NAME`: it
// prints the book's numbers and, if it draws a figure, writes it to -out.
type example struct {
	name, section, summary string
	figure                 bool // takes -out DIR: the folder for its figure
	random                 bool // takes -seed N: it draws numbers at random, from np.random.seed(N)
	run                    func(c *exampleRun) error
}

// An exampleRun is what an example runs with: its streams and its flags.
type exampleRun struct {
	stdout, stderr io.Writer
	out            string // -out
	seed           uint32 // -seed
}

// examples are the chapter's examples in the book's order.
var examples = []example{
	{"loss", "§4.2", "sum of squares and cross entropy on the book's outputs, and their mini-batch form", false, true, lossCommand},
	{"diff", "§4.3", "numerical differentiation: rounding pitfalls, central vs forward difference, tangents of function_1", true, false, diffCommand},
	{"gradient", "§4.4", "the gradient of function_2 at three points and its negative-gradient field", true, false, gradientCommand},
	{"descent", "§4.4.1", "gradient descent from (−3, 4) with learning rates 0.1, 10 and 1e-10, and its path", true, false, descentCommand},
	{"simplenet", "§4.4.2", "simpleNet: predict, loss and the numerical gradient dW", false, true, simpleNetCommand},
	{"gradcheck", "§5.7.3", "the gradient check, used early: numerical against backprop gradients of §4.5's TwoLayerNet", false, true, gradcheckCommand},
}

// findExample returns the example called name.
func findExample(name string) (example, bool) {
	for _, c := range examples {
		if c.name == name {
			return c, true
		}
	}
	return example{}, false
}

// The outputs of §4.2's examples: for the digit image whose answer is 2,
// one that gives "2" the highest probability and one that gives "7" it.
var (
	lossRight = []float64{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0}
	lossWrong = []float64{0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0}
)

func lossCommand(c *exampleRun) error {
	w := c.stdout
	t := tensor.OneHot([]int{2}, 10).Reshape(10)
	right, wrong := tensor.New(lossRight, 10), tensor.New(lossWrong, 10)
	fmt.Fprintf(w, "§4.2.1 sum_squared_error(y, t), t = %v (the answer is 2)\n", t)
	fmt.Fprintf(w, "  y = %v  (2 most probable)  %v\n", right, network.SumSquaredError(right, t))
	fmt.Fprintf(w, "  y = %v  (7 most probable)  %v\n", wrong, network.SumSquaredError(wrong, t))
	fmt.Fprintf(w, "§4.2.2 cross_entropy_error(y, t) = −Σ t·log(y + %g)\n", network.CrossEntropyDelta)
	fmt.Fprintf(w, "  2 most probable  %v\n", network.CrossEntropyError(right, t))
	fmt.Fprintf(w, "  7 most probable  %v\n", network.CrossEntropyError(wrong, t))

	data, err := mnist.Load()
	if err != nil {
		return err
	}
	xTrain, tTrain := data.Train.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	batchMask := nprand.New(c.seed).Choice(data.Train.Len(), 10, true)
	xBatch, tBatch := tensor.Rows(xTrain, batchMask), tensor.Rows(tTrain, batchMask)
	fmt.Fprintln(w, "§4.2.3 a mini-batch of 10 training images")
	fmt.Fprintf(w, "  x_train %v, t_train %v\n", xTrain.Shape(), tTrain.Shape())
	fmt.Fprintf(w, "  np.random.seed(%d); batch_mask = np.random.choice(60000, 10) = %v\n", c.seed, batchMask)
	fmt.Fprintf(w, "  x_batch %v, t_batch %v\n", xBatch.Shape(), tBatch.Shape())

	y := tensor.New(append(append([]float64(nil), lossRight...), lossWrong...), 2, 10)
	oneHot, labels := tensor.OneHot([]int{2, 2}, 10), tensor.New([]float64{2, 2}, 2)
	fmt.Fprintln(w, "§4.2.4 cross_entropy_error on a batch of the two outputs above, y", y.Shape())
	fmt.Fprintf(w, "  one-hot t %v  %v\n", oneHot.Shape(), network.CrossEntropyError(y, oneHot))
	fmt.Fprintf(w, "  labels t  %v     %v  (the mean of the two losses)\n", labels.Shape(), network.CrossEntropyError(y, labels))
	return nil
}

func diffCommand(c *exampleRun) error {
	w, f := c.stdout, network.Function1
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
	xs := tensor.Arange(0, 20, 0.1).Data()
	ys := make([]float64, len(xs))
	for i, v := range xs {
		ys[i] = f(v)
	}
	lines := []plot.Line{{Label: "f(x) = 0.01x² + 0.1x", X: xs, Y: ys}}
	for _, at := range []float64{5, 10} {
		slope, icept := network.Tangent(f, at)
		fmt.Fprintf(w, "  x = %-2v  %v   tangent y = %.4f·x %+.4f\n", at, network.NumericalDiff(f, at), slope, icept)
		lines = append(lines, plot.Line{Label: fmt.Sprintf("tangent at x = %v", at), X: []float64{0, 20}, Y: []float64{icept, float64(20*slope) + icept}, Dashed: true})
	}
	return c.writeFigure("function1.svg", &plot.Chart{
		Title: "function_1 and its tangents (Figure 4-7)", XLabel: "x", YLabel: "f(x)",
		XMin: 0, XMax: 20, YMin: -1, YMax: 6, Lines: lines, LegendAt: "top-left",
	})
}

func gradientCommand(c *exampleRun) error {
	w := c.stdout
	fmt.Fprintln(w, "§4.4 numerical_gradient(function_2, x), function_2(x) = x0² + x1²")
	for _, p := range [][2]float64{{3, 4}, {0, 2}, {3, 0}} {
		x := tensor.New([]float64{p[0], p[1]}, 2)
		g := network.NumericalGradient(network.Function2, x)
		fmt.Fprintf(w, "  at (%v, %v): %v\n", p[0], p[1], g.Data())
	}
	// Figure 4-9: −∇f on a grid, scaled down to fit between grid points.
	var arrows []plot.Arrow
	for _, a := range tensor.Arange(-2, 2.5, 0.25).Data() {
		for _, b := range tensor.Arange(-2, 2.5, 0.25).Data() {
			x := tensor.New([]float64{a, b}, 2)
			g := network.NumericalGradient(network.Function2, x).Data()
			arrows = append(arrows, plot.Arrow{X0: a, Y0: b, X1: a - float64(0.05*g[0]), Y1: b - float64(0.05*g[1])})
		}
	}
	return c.writeFigure("gradient_field.svg", &plot.Chart{
		Title: "Negative gradient of x0² + x1² (Figure 4-9)", XLabel: "x0", YLabel: "x1",
		XMin: -2.5, XMax: 2.5, YMin: -2.5, YMax: 2.5, Arrows: arrows,
	})
}

func descentCommand(c *exampleRun) error {
	w := c.stdout
	fmt.Fprintln(w, "§4.4.1 gradient_descent(function_2, init_x=(-3, 4), lr, step_num=100)")
	init := tensor.New([]float64{-3, 4}, 2)
	var path *plot.Line
	for _, lr := range []float64{0.1, 10, 1e-10} {
		x, hist := network.GradientDescent(network.Function2, init, lr, 100)
		fmt.Fprintf(w, "  lr %-6v → %v   exactly %v\n", lr, x, x.Data())
		if path == nil {
			path = &plot.Line{Label: "lr 0.1, 100 steps", Markers: true}
			for _, h := range hist {
				path.X, path.Y = append(path.X, h.At(0)), append(path.Y, h.At(1))
			}
		}
	}
	axes := []plot.Line{
		{X: []float64{-5, 5}, Y: []float64{0, 0}, Color: "#999", Dashed: true, Width: 1},
		{X: []float64{0, 0}, Y: []float64{-5, 5}, Color: "#999", Dashed: true, Width: 1},
	}
	return c.writeFigure("descent.svg", &plot.Chart{
		Title: "Gradient descent on x0² + x1² (Figure 4-10)", XLabel: "X0", YLabel: "X1",
		XMin: -3.5, XMax: 3.5, YMin: -4.5, YMax: 4.5, Lines: append(axes, *path),
	})
}

// The simpleNet numbers the book prints (§4.4.2), computed from weights
// drawn by np.random.randn, whose full precision it does not print.
const bookSimpleNetLoss = "0.92806853663411326"

var bookSimpleNetDW = []float64{0.21924763, 0.14356247, -0.36281009, 0.32887144, 0.2153437, -0.54421514}

func simpleNetCommand(c *exampleRun) error {
	w := c.stdout
	fmt.Fprintln(w, "§4.4.2 simpleNet with the weights the book prints")
	net := &network.SimpleNet{W: tensor.New([]float64{
		0.47355232, 0.9977393, 0.84668094,
		0.85557411, 0.03563661, 0.69422093}, 2, 3)}
	x, t := tensor.New([]float64{0.6, 0.9}, 2), tensor.New([]float64{0, 0, 1}, 3)
	p, loss, dW := net.Predict(x), net.Loss(x, t), net.NumericalGradient(x, t)
	fmt.Fprintf(w, "W =\n%v\np = %v\nnp.argmax(p) = %d\nloss = %v\ndW =\n%v\n", net.W, p, tensor.ArgmaxAll(p), loss, dW)
	bookLoss, _ := strconv.ParseFloat(bookSimpleNetLoss, 64)
	bookDW := tensor.New(bookSimpleNetDW, 2, 3)
	fmt.Fprintf(w, "The book prints loss = %s and dW =\n%v\n", bookSimpleNetLoss, bookDW)
	fmt.Fprintln(w, "from W's full-precision values, of which it prints only 8 digits; with those")
	fmt.Fprintf(w, "8 digits its code gives the numbers above: the loss %.1e away, dW at most %.1e.\n",
		math.Abs(loss-bookLoss), tensor.MaxAbsDiff(dW, bookDW))
	rnd := network.NewSimpleNet(nprand.New(c.seed))
	fmt.Fprintf(w, "With np.random.seed(%d); W = np.random.randn(2, 3):\n%v\nloss = %v, dW =\n%v\n", c.seed, rnd.W, rnd.Loss(x, t), rnd.NumericalGradient(x, t))
	return nil
}

func gradcheckCommand(c *exampleRun) error {
	data, err := mnist.Load()
	if err != nil {
		return err
	}
	x := tensor.Zeros(3, mnist.Pixels)
	labels := make([]int, 3)
	data.Train.Chunk(x, labels, 0)
	net := network.NewTwoLayerNet(mnist.Pixels, 50, mnist.Classes, 0.01, nprand.New(c.seed))
	w := c.stdout
	fmt.Fprintf(w, "gradient check (§5.7.3): 784-50-10 net (seed %d), training images 0–2, max |numerical − backprop|\n", c.seed)
	for _, d := range net.GradientCheck(x, tensor.OneHot(labels, mnist.Classes)) {
		fmt.Fprintf(w, "  %-2s  %.3g\n", d.Name, d.MaxAbsDiff)
	}
	fmt.Fprintf(w, "(differences of order 1e-7 in W2 and b2 come from the δ = %g inside the loss's log, which backprop omits)\n", network.CrossEntropyDelta)
	return nil
}

// writeFigure writes an example's chart to its -out folder and reports it.
func (c *exampleRun) writeFigure(name string, chart *plot.Chart) error {
	path := filepath.Join(c.out, name)
	if err := regular.WriteFile(path, chart.SVG()); err != nil {
		return err
	}
	fmt.Fprintln(c.stderr, "wrote", path)
	return nil
}
