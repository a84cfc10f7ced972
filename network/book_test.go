package network_test

import (
	"math"
	"testing"

	"dlfs/network"
	"dlfs/tensor"
)

// The numbers in this file are the ones the book prints (Chapter 4 and the
// sigmoid and softmax examples of Chapter 3), compared exactly where the book
// shows all 16–17 digits and to the digits shown otherwise.

var (
	bookY  = []float64{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0}
	bookY2 = []float64{0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0}
	bookT  = tensor.OneHot([]int{2}, 10).Reshape(10)
)

func vec(v ...float64) *tensor.Tensor { return tensor.New(v, len(v)) }

// near reports whether got is within tol of want, relative to want's size
// when it is larger than 1.
func near(got, want, tol float64) bool {
	return math.Abs(float64(got)-float64(want)) <= float64(tol*math.Max(1, math.Abs(want)))
}

func TestLossesBook(t *testing.T) {
	if got := network.SumSquaredError(vec(bookY...), bookT); got != 0.09750000000000003 {
		t.Errorf("SSE = %.17g, want 0.09750000000000003", got)
	}
	if got := network.SumSquaredError(vec(bookY2...), bookT); !near(got, 0.5975, 1e-15) {
		t.Errorf("SSE = %.17g, want 0.5975", got)
	}
	if got := network.CrossEntropyError(vec(bookY...), bookT); got != 0.510825457099338 {
		t.Errorf("CEE = %.17g, want 0.510825457099338", got)
	}
	if got := network.CrossEntropyError(vec(bookY2...), bookT); got != 2.302584092994546 {
		t.Errorf("CEE = %.17g, want 2.302584092994546", got)
	}
}

func TestCrossEntropyForms(t *testing.T) {
	// A batch of the book's two outputs, with one-hot and with label
	// targets, is the mean of the two single losses: (0.5108… + 2.3026…)/2.
	y := tensor.New(append(append([]float64{}, bookY...), bookY2...), 2, 10)
	want := (0.510825457099338 + 2.302584092994546) / 2
	oneHot := tensor.OneHot([]int{2, 2}, 10)
	for name, tt := range map[string]*tensor.Tensor{"one-hot": oneHot, "labels": vec(2, 2)} {
		if got := network.CrossEntropyError(y, tt); !near(got, want, 1e-15) {
			t.Errorf("%s: CEE = %.17g, want %.17g", name, got, want)
		}
	}
	// A single output with a scalar label.
	if got := network.CrossEntropyError(vec(bookY...), tensor.Scalar(2)); got != 0.510825457099338 {
		t.Errorf("scalar label: CEE = %.17g", got)
	}
	// A probability of exactly 0 gives −log(1e-7), not +Inf.
	if got := network.CrossEntropyError(vec(bookY...), tensor.Scalar(3)); !near(got, -math.Log(1e-7), 1e-15) {
		t.Errorf("y = 0: CEE = %v, want %v", got, -math.Log(1e-7))
	}
}

func TestNumericalDiffBook(t *testing.T) {
	if got := network.NumericalDiff(network.Function1, 5); got != 0.1999999999990898 {
		t.Errorf("numerical_diff(function_1, 5) = %.17g, want 0.1999999999990898", got)
	}
	if got := network.NumericalDiff(network.Function1, 10); got != 0.2999999999986347 {
		t.Errorf("numerical_diff(function_1, 10) = %.17g, want 0.2999999999986347", got)
	}
}

func TestDiffPitfalls(t *testing.T) {
	// h = 1e-50 is lost: in float32 it is 0 outright, and in float64 5+h
	// rounds back to 5, so the forward difference is 0 instead of 0.2.
	h := 1e-50
	if float32(h) != 0 {
		t.Errorf("float32(1e-50) = %v, want 0", float32(h))
	}
	if x := 5.0; x+h != x {
		t.Error("5 + 1e-50 differs from 5 at run time")
	}
	if got := network.ForwardDiff(network.Function1, 5, h); got != 0 {
		t.Errorf("forward difference with h = 1e-50 is %v, want 0", got)
	}
	// With h = 1e-4, the forward difference's error is of order h (here
	// exactly 0.01h = 1e-6 for a parabola), the central one's is rounding.
	fwd := network.ForwardDiff(network.Function1, 5, 1e-4)
	ctr := network.NumericalDiff(network.Function1, 5)
	if !near(fwd-0.2, 1e-6, 1e-6) || !(math.Abs(ctr-0.2) <= 1e-11) {
		t.Errorf("errors: forward %.3g, central %.3g; want ≈ 1e-6 and < 1e-11", fwd-0.2, ctr-0.2)
	}
	// 0.01*x*x and 0.01*(x*x) round differently for some x.
	differ := false
	for x := 0.1; x < 20; x += 0.1 {
		if 0.01*x*x != 0.01*(x*x) {
			differ = true
		}
	}
	if !differ {
		t.Error("0.01*x*x and 0.01*(x*x) never differ; the comment on Function1 is wrong")
	}
}

// TestCentralDiff: the central difference at each h, against the exact
// derivative 0.02x + 0.1 of function_1: at the book's h it is
// numerical_diff's value; its error is rounding, about ε·f(x)/h, from
// 1e-4 down to where x±h is x and it is 0; for a parabola it has no error
// of order h², so at h = 1 it is exact but for rounding.
func TestCentralDiff(t *testing.T) {
	if got, want := network.CentralDiff(network.Function1, 5, network.H), network.NumericalDiff(network.Function1, 5); got != want {
		t.Errorf("CentralDiff at h = 1e-4: %v, numerical_diff %v", got, want)
	}
	f5 := network.Function1(5)
	for _, h := range []float64{1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10} {
		got := network.CentralDiff(network.Function1, 5, h)
		if bound := 4 * 0x1p-52 * f5 / h; !(math.Abs(got-0.2) <= bound+1e-15) {
			t.Errorf("h = %g: %.17g, off 0.2 by %.3g, over rounding's %.3g", h, got, math.Abs(got-0.2), bound)
		}
	}
	for _, h := range []float64{1e-16, 1e-50} {
		if got := network.CentralDiff(network.Function1, 5, h); got != 0 {
			t.Errorf("h = %g, below the spacing of floats near 5: %v, want 0", h, got)
		}
	}
}

func TestTangent(t *testing.T) {
	// The tangent of 0.01x² + 0.1x at 5 is y = 0.2x − 0.25 (f(5) = 0.75),
	// at 10 it is y = 0.3x − 1 (f(10) = 2).
	for _, c := range []struct{ x, slope, icept float64 }{{5, 0.2, -0.25}, {10, 0.3, -1}} {
		s, b := network.Tangent(network.Function1, c.x)
		if !near(s, c.slope, 1e-10) || !near(b, c.icept, 1e-9) {
			t.Errorf("tangent at %v: y = %vx + %v, want %vx + %v", c.x, s, b, c.slope, c.icept)
		}
	}
}

func TestNumericalGradientBook(t *testing.T) {
	tests := []struct{ x, want [2]float64 }{
		{[2]float64{3, 4}, [2]float64{6.00000000000378, 7.999999999999119}},
		{[2]float64{0, 2}, [2]float64{0, 4.000000000004}},
		{[2]float64{3, 0}, [2]float64{6.000000000012662, 0}},
	}
	for _, tt := range tests {
		x := vec(tt.x[0], tt.x[1])
		g := network.NumericalGradient(network.Function2, x).Data()
		if g[0] != tt.want[0] || g[1] != tt.want[1] {
			t.Errorf("gradient at %v = [%.17g %.17g], want %v", tt.x, g[0], g[1], tt.want)
		}
	}
}

func TestNumericalGradientRestoresInput(t *testing.T) {
	// Values for which x+h−h is not x in floating point: restoring must copy
	// the saved value back, not subtract.
	x := tensor.New([]float64{0.1, 1e-5, 3.3, -7.77, 1e10, 0.3}, 2, 3)
	before := x.Clone()
	calls := 0
	network.NumericalGradient(func(x *tensor.Tensor) float64 { calls++; return tensor.SumAll(x) }, x)
	for i, v := range x.Data() {
		if math.Float64bits(v) != math.Float64bits(before.Data()[i]) {
			t.Errorf("element %d changed from %v to %v", i, before.Data()[i], v)
		}
	}
	if calls != 12 {
		t.Errorf("f called %d times, want 2 per element", calls)
	}
	// The gradient of a rank-3 function, ∂(Σ c·x)/∂x = c.
	c := tensor.Arange(0, 12, 1).Reshape(2, 3, 2)
	y := tensor.Full(0.5, 2, 3, 2)
	g := network.NumericalGradient(func(x *tensor.Tensor) float64 { return tensor.SumAll(tensor.Mul(c, x)) }, y)
	if !tensor.AllClose(g, c, 0, 1e-9) {
		t.Errorf("gradient of Σ c·x = %v, want c", g)
	}
}

func TestGradientDescentBook(t *testing.T) {
	f := network.Function2
	init := vec(-3, 4)
	x, hist := network.GradientDescent(f, init, 0.1, 100)
	if d := x.Data(); d[0] != -6.111107928998789e-10 || d[1] != 8.148143905314271e-10 {
		t.Errorf("lr 0.1: %.17g, want [-6.111107928998789e-10 8.148143905314271e-10]", d)
	}
	if len(hist) != 100 || hist[0].At(0) != -3 || hist[1].At(0) == -3 {
		t.Errorf("history has %d points starting %v, %v", len(hist), hist[0], hist[1])
	}
	if init.At(0) != -3 || init.At(1) != 4 {
		t.Errorf("the initial point changed to %v", init)
	}
	// The book prints these to 9 significant digits.
	for _, c := range []struct {
		lr   float64
		want [2]float64
	}{{10, [2]float64{-2.58983747e+13, -1.29524862e+12}}, {1e-10, [2]float64{-2.99999994, 3.99999992}}} {
		x, _ := network.GradientDescent(f, init, c.lr, 100)
		if d := x.Data(); !near(d[0], c.want[0], 5e-9) || !near(d[1], c.want[1], 5e-9) {
			t.Errorf("lr %v: %v, want %v", c.lr, d, c.want)
		}
	}
}

func TestGradientDescentOddSteps(t *testing.T) {
	// On x0² + x1² one step is x ← (1 − 2·lr)·x, derived by hand; with
	// lr = 0.6 the factor is −0.2, so an odd step count flips the sign
	// and a sign error cannot hide behind an even one.
	for _, steps := range []int{1, 3} {
		x, _ := network.GradientDescent(network.Function2, vec(-3, 4), 0.6, steps)
		k := math.Pow(-0.2, float64(steps))
		if d := x.Data(); !near(d[0], -3*k, 1e-9) || !near(d[1], 4*k, 1e-9) {
			t.Errorf("%d steps: %v, want [%v %v]", steps, d, -3*k, 4*k)
		}
	}
}

func TestSimpleNetBook(t *testing.T) {
	net := &network.SimpleNet{W: tensor.New([]float64{
		0.47355232, 0.9977393, 0.84668094,
		0.85557411, 0.03563661, 0.69422093,
	}, 2, 3)}
	x, tgt := vec(0.6, 0.9), vec(0, 0, 1)
	p := net.Predict(x).Data()
	for i, want := range []float64{1.054148091, 0.630716529, 1.132807401} {
		if !near(p[i], want, 1e-9) {
			t.Errorf("predict[%d] = %.10g, want %v", i, p[i], want)
		}
	}
	if got := net.Loss(x, tgt); !near(got, 0.9280682857864075, 1e-15) {
		t.Errorf("loss = %.17g, want 0.9280682857864075", got)
	}
	dW := net.NumericalGradient(x, tgt)
	// dW[i][j] = x_i·(y_j − t_j): each row sums to Σ y − Σ t = 0, and row 1
	// is 0.9/0.6 = 1.5 times row 0.
	for i := range 2 {
		if s := tensor.SumAll(tensor.Rows(dW, []int{i})); !(math.Abs(s) <= 1e-9) {
			t.Errorf("row %d of dW sums to %v", i, s)
		}
	}
	for j := range 3 {
		if !near(dW.At(1, j), 1.5*dW.At(0, j), 1e-8) {
			t.Errorf("dW[1][%d] = %v, want 1.5 × %v", j, dW.At(1, j), dW.At(0, j))
		}
	}
	// The book's dW, printed to 8 digits, comes from its W's full digits;
	// the 8 it prints move dW by up to 1.5e-7.
	want := []float64{0.21924763, 0.14356247, -0.36281009, 0.32887144, 0.2153437, -0.54421514}
	for i, w := range want {
		if !near(dW.Data()[i], w, 3e-7) {
			t.Errorf("dW = %v, want %v", dW, want)
			break
		}
	}
}

func TestActivationsBook(t *testing.T) {
	s := network.Sigmoid(vec(-1, 1, 2)).Data()
	for i, want := range []float64{0.26894142, 0.73105858, 0.88079708} {
		if !near(s[i], want, 5e-9) {
			t.Errorf("sigmoid = %v", s)
		}
	}
	// Clipped at ±ln(1e15): 1/(1 + 1e15) ≈ 1e-15 and 1/(1 + 1e-15) ≈ 1 − 1e-15,
	// finite and never NaN.
	ext := network.Sigmoid(vec(-1e300, -800, 0, 800, 1e300)).Data()
	if ext[0] != ext[1] || !near(ext[1], 1e-15, 1e-12) || ext[2] != 0.5 || ext[3] != ext[4] || !near(1-ext[3], 1e-15, 1e-3) {
		t.Errorf("sigmoid at the extremes = %v", ext)
	}
	y := network.Softmax(vec(0.3, 2.9, 4.0)).Data()
	for i, want := range []float64{0.01821127, 0.24519181, 0.73659691} {
		if !near(y[i], want, 5e-9) {
			t.Errorf("softmax = %v", y)
		}
	}
	// §3.5.2: without the max subtraction this overflows to NaN.
	big := network.Softmax(vec(1010, 1000, 990)).Data()
	for i, want := range []float64{9.99954600e-01, 4.53978686e-05, 2.06106005e-09} {
		if !(math.Abs(big[i]-want) <= 5e-9*want) {
			t.Errorf("softmax of large values = %v", big)
		}
	}
	// Batched: each row is the softmax of that row.
	b := network.Softmax(tensor.New([]float64{0.3, 2.9, 4.0, 1010, 1000, 990}, 2, 3))
	if !tensor.AllClose(b, tensor.New(append(y, big...), 2, 3), 1e-15, 0) {
		t.Errorf("batched softmax = %v", b)
	}
}

func TestSigmoidGradIsTheDerivative(t *testing.T) {
	x := vec(-3, -0.5, 0, 0.7, 4)
	g := network.SigmoidGrad(x).Data()
	for i, v := range x.Data() {
		num := network.NumericalDiff(func(z float64) float64 { return network.Sigmoid(tensor.Scalar(z)).Item() }, v)
		if !(math.Abs(g[i]-num) <= 1e-9) {
			t.Errorf("σ'(%v) = %v, central difference %v", v, g[i], num)
		}
	}
}
