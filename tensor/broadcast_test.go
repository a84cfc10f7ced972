package tensor_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

// naiveBroadcast is the reference for every binary operation: for each output
// index it finds the operand elements by numpy's rule directly (drop leading
// axes, read index 0 along an axis of length 1), with no strides.
func naiveBroadcast(a, b *tensor.Tensor, f func(x, y float64) float64) *tensor.Tensor {
	as, bs := a.Shape(), b.Shape()
	r := max(len(as), len(bs))
	out := make([]int, r)
	for i := range r {
		da, db := 1, 1
		if j := i - (r - len(as)); j >= 0 {
			da = as[j]
		}
		if j := i - (r - len(bs)); j >= 0 {
			db = bs[j]
		}
		out[i] = max(da, db)
		if da == 0 || db == 0 {
			out[i] = 0
		}
	}
	res := tensor.Zeros(out...)
	pick := func(shape, idx []int) []int {
		p := make([]int, len(shape))
		for j := range shape {
			if shape[j] != 1 {
				p[j] = idx[j+r-len(shape)]
			}
		}
		return p
	}
	for idx := range res.Indices() {
		res.Set(f(a.At(pick(as, idx)...), b.At(pick(bs, idx)...)), idx...)
	}
	return res
}

var binaryOps = []struct {
	name string
	op   func(a, b *tensor.Tensor) *tensor.Tensor
	to   func(dst, a, b *tensor.Tensor) *tensor.Tensor
	ref  func(x, y float64) float64
}{
	{"Add", tensor.Add, tensor.AddTo, func(x, y float64) float64 { return x + y }},
	{"Sub", tensor.Sub, tensor.SubTo, func(x, y float64) float64 { return x - y }},
	{"Mul", tensor.Mul, tensor.MulTo, func(x, y float64) float64 { return x * y }},
	{"Div", tensor.Div, tensor.DivTo, func(x, y float64) float64 { return x / y }},
	// numpy 1.24 returns the second operand of a tie:
	// np.maximum(0.0, -0.0) is -0.0 and np.maximum(-0.0, 0.0) is 0.0.
	{"Maximum", tensor.Maximum, nil, func(x, y float64) float64 {
		switch {
		case math.IsNaN(x) || math.IsNaN(y):
			return math.NaN()
		case x == y:
			return y
		}
		return math.Max(x, y)
	}},
	{"Minimum", tensor.Minimum, nil, func(x, y float64) float64 {
		switch {
		case math.IsNaN(x) || math.IsNaN(y):
			return math.NaN()
		case x == y:
			return y
		}
		return math.Min(x, y)
	}},
}

func TestBroadcastHandComputed(t *testing.T) {
	m := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	tests := []struct {
		name string
		got  *tensor.Tensor
		want *tensor.Tensor
	}{
		{"row", tensor.Add(m, tensor.New([]float64{10, 20, 30}, 3)), tensor.New([]float64{11, 22, 33, 14, 25, 36}, 2, 3)},
		{"column", tensor.Sub(m, tensor.New([]float64{1, 4}, 2, 1)), tensor.New([]float64{0, 1, 2, 0, 1, 2}, 2, 3)},
		{"scalar tensor first", tensor.Mul(tensor.Scalar(2), m), tensor.New([]float64{2, 4, 6, 8, 10, 12}, 2, 3)},
		{"outer", tensor.Mul(tensor.New([]float64{1, 2}, 2, 1), tensor.New([]float64{3, 4, 5}, 3)), tensor.New([]float64{3, 4, 5, 6, 8, 10}, 2, 3)},
		{"div", tensor.Div(m, tensor.New([]float64{2}, 1)), tensor.New([]float64{0.5, 1, 1.5, 2, 2.5, 3}, 2, 3)},
		{"AddScalar", tensor.AddScalar(m, 1), tensor.New([]float64{2, 3, 4, 5, 6, 7}, 2, 3)},
		{"SubScalar", tensor.SubScalar(m, 1), tensor.New([]float64{0, 1, 2, 3, 4, 5}, 2, 3)},
		{"MulScalar", tensor.MulScalar(m, 0.5), tensor.New([]float64{0.5, 1, 1.5, 2, 2.5, 3}, 2, 3)},
		{"DivScalar", tensor.DivScalar(m, 4), tensor.New([]float64{0.25, 0.5, 0.75, 1, 1.25, 1.5}, 2, 3)},
		{"Clip", tensor.Clip(tensor.New([]float64{-5, 0, 5, math.NaN()}, 4), -1, 1), tensor.New([]float64{-1, 0, 1, math.NaN()}, 4)},
		{"Clip NaN bound", tensor.Clip(tensor.New([]float64{-5, 0, 5}, 3), math.NaN(), 1), tensor.New([]float64{math.NaN(), math.NaN(), math.NaN()}, 3)},
		{"Clip NaN top", tensor.Clip(tensor.New([]float64{-5, 0, 5}, 3), -1, math.NaN()), tensor.New([]float64{math.NaN(), math.NaN(), math.NaN()}, 3)},
		{"Maximum", tensor.Maximum(m, tensor.Scalar(3.5)), tensor.New([]float64{3.5, 3.5, 3.5, 4, 5, 6}, 2, 3)},
		{"Minimum", tensor.Minimum(m, tensor.New([]float64{2, 9, 0}, 3)), tensor.New([]float64{1, 2, 0, 2, 5, 0}, 2, 3)},
		{"Neg", tensor.Neg(m), tensor.New([]float64{-1, -2, -3, -4, -5, -6}, 2, 3)},
		{"Neg of zeros and NaN", tensor.Neg(tensor.New([]float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1)}, 4)),
			tensor.New([]float64{math.Copysign(0, -1), 0, math.NaN(), math.Inf(-1)}, 4)},
		{"Exp", tensor.Exp(tensor.New([]float64{0, 1}, 2)), tensor.New([]float64{1, math.E}, 2)},
		{"Log", tensor.Log(tensor.New([]float64{1, 0}, 2)), tensor.New([]float64{0, math.Inf(-1)}, 2)},
		{"Map", tensor.Map(m, math.Sqrt), tensor.New([]float64{1, math.Sqrt2, math.Sqrt(3), 2, math.Sqrt(5), math.Sqrt(6)}, 2, 3)},
		{"empty", tensor.Add(tensor.Zeros(0, 3), tensor.Zeros(3)), tensor.Zeros(0, 3)},
	}
	for _, tt := range tests {
		if !tensortest.SameBits(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestBroadcastShape(t *testing.T) {
	tests := []struct {
		a, b, want []int
		ok         bool
	}{
		{[]int{100, 50}, []int{50}, []int{100, 50}, true},
		{[]int{4, 1, 3}, []int{5, 1}, []int{4, 5, 3}, true},
		{[]int{}, []int{2, 3}, []int{2, 3}, true},
		{[]int{8, 1, 6, 1}, []int{7, 1, 5}, []int{8, 7, 6, 5}, true}, // numpy's documented example
		{[]int{0, 3}, []int{1, 3}, []int{0, 3}, true},
		{[]int{100, 50}, []int{10, 3}, nil, false},
		{[]int{2, 1}, []int{8, 4, 3}, nil, false}, // numpy's documented mismatch
	}
	for _, tt := range tests {
		got, ok := tensor.BroadcastShape(tt.a, tt.b)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("BroadcastShape(%v, %v) = %v, %v; want %v, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

// broadcastPairs are shapes that exercise every path of the kernel.
var broadcastPairs = [][2][]int{
	{{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 4}, {3, 1}}, {{3, 4}, {}}, {{}, {3, 4}},
	{{4}, {3, 4}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {3, 1}}, {{2, 1, 4}, {1, 3, 1}},
	{{5, 1, 1, 2}, {4, 3, 1}}, {{1}, {7}}, {{2, 3, 4}, {2, 3, 4}}, {{6, 1}, {6}},
}

func TestBroadcastAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, p := range broadcastPairs {
		a, b := tensortest.RandTensor(rng, p[0]...), tensortest.RandTensor(rng, p[1]...)
		for _, op := range binaryOps {
			want := naiveBroadcast(a, b, op.ref)
			if got := op.op(a, b); !tensortest.SameBits(got, want) {
				t.Errorf("%s(%v, %v) = %v, want %v", op.name, p[0], p[1], got, want)
			}
			if op.to == nil {
				continue
			}
			dst := tensor.Full(math.NaN(), want.Shape()...)
			if got := op.to(dst, a, b); got != dst || !tensortest.SameBits(dst, want) {
				t.Errorf("%sTo(%v, %v) = %v, want %v", op.name, p[0], p[1], dst, want)
			}
		}
	}
}

// TestBroadcastEveryShapeClass runs every binary operation on every pair
// of shapes of rank 0 to 3 with axes of length 0 to 3 (and, unless -short,
// of rank 4 with axes of 1 and 2 as well) that broadcast: equal shapes,
// scalars, row and column vectors, stretched middle axes, empty axes, each
// of the fast paths and the general loop. Values include NaN, ±Inf, ±0 and
// subnormals. Each result must match the naive reference bit for bit: the
// allocating form, the To form into a new destination, and in place
// (dst = a) where a has the result's shape.
func TestBroadcastEveryShapeClass(t *testing.T) {
	var shapes [][]int
	var grow func(s []int, rank int, dims []int)
	grow = func(s []int, rank int, dims []int) {
		if len(s) == rank {
			shapes = append(shapes, slices.Clone(s))
			return
		}
		for _, d := range dims {
			grow(append(s, d), rank, dims)
		}
	}
	for rank := range 4 {
		grow(nil, rank, []int{0, 1, 2, 3})
	}
	if !testing.Short() {
		grow(nil, 4, []int{1, 2})
	}
	rng := rand.New(rand.NewPCG(9, 9))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, -1e-310, 1e308, -3}
	values := func(shape []int) *tensor.Tensor {
		x := tensortest.RandTensor(rng, shape...)
		for i := range x.Data() {
			if rng.IntN(4) == 0 {
				x.Data()[i] = special[rng.IntN(len(special))]
			}
		}
		return x
	}
	pairs := 0
	for _, as := range shapes {
		for _, bs := range shapes {
			out, ok := tensor.BroadcastShape(as, bs)
			if !ok {
				continue
			}
			pairs++
			a, b := values(as), values(bs)
			for _, op := range binaryOps {
				want := naiveBroadcast(a, b, op.ref)
				if got := op.op(a, b); !tensortest.SameBits(got, want) {
					t.Fatalf("%s(%v, %v) = %v, want %v", op.name, as, bs, got, want)
				}
				if op.to == nil {
					continue
				}
				if got := op.to(tensor.Full(math.NaN(), out...), a, b); !tensortest.SameBits(got, want) {
					t.Fatalf("%sTo(%v, %v) = %v, want %v", op.name, as, bs, got, want)
				}
				if slices.Equal(as, out) {
					in := a.Clone()
					if got := op.to(in, in, b); !tensortest.SameBits(got, want) {
						t.Fatalf("%sTo(a, a, b) for %v, %v = %v, want %v", op.name, as, bs, got, want)
					}
				}
			}
		}
	}
	if pairs < 1000 {
		t.Fatalf("only %d pairs of shapes broadcast", pairs)
	}
}

func TestBinaryInPlace(t *testing.T) {
	w := tensor.New([]float64{1, 2, 3, 4}, 2, 2)
	g := tensor.New([]float64{10, 20}, 2)
	tensor.AddTo(w, w, g)
	tensor.MulTo(w, g, w)
	want := tensor.New([]float64{110, 440, 130, 480}, 2, 2)
	if !tensortest.SameBits(w, want) {
		t.Errorf("in place: %v, want %v", w, want)
	}
	tensor.DivTo(w, w, tensor.Scalar(10))
	tensor.SubTo(w, w, g)
	if want := tensor.New([]float64{1, 24, 3, 28}, 2, 2); !tensortest.SameBits(w, want) {
		t.Errorf("DivTo and SubTo in place: %v, want %v", w, want)
	}
	// What the ...To forms are for: with a destination of the broadcast
	// shape, nothing is allocated.
	if n := testing.AllocsPerRun(10, func() { tensor.AddTo(w, w, g) }); n != 0 {
		t.Errorf("AddTo into a destination of the right shape allocates %v times", n)
	}
	col := tensor.New([]float64{1, 2}, 2, 1)
	if n := testing.AllocsPerRun(10, func() { tensor.MulTo(w, col, g) }); n != 0 {
		t.Errorf("MulTo of (2, 1) and (2) into (2, 2) allocates %v times", n)
	}
}

func TestNaNAndInfPropagate(t *testing.T) {
	a := tensor.New([]float64{math.NaN(), math.Inf(1), 1, 0}, 4)
	b := tensor.New([]float64{1, math.Inf(-1), math.NaN(), 0}, 4)
	for _, op := range binaryOps {
		if got, want := op.op(a, b), naiveBroadcast(a, b, op.ref); !tensortest.SameBits(got, want) {
			t.Errorf("%s: %v, want %v", op.name, got, want)
		}
	}
}

// FuzzBroadcast drives every binary operation with random shapes of rank at
// most 4 and dimensions at most 5: pairs that broadcast must match the naive
// reference bit for bit; the others must panic with the shape message.
func FuzzBroadcast(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(42), uint64(7))
	f.Fuzz(func(t *testing.T, s1, s2 uint64) {
		rng := rand.New(rand.NewPCG(s1, s2))
		shape := func() []int {
			s := make([]int, rng.IntN(5))
			for i := range s {
				s[i] = rng.IntN(6)
			}
			return s
		}
		as, bs := shape(), shape()
		// Half of the time, make b broadcastable with a by construction.
		if rng.IntN(2) == 0 && len(as) > 0 {
			bs = slices.Clone(as[rng.IntN(len(as)):])
			for i := range bs {
				if rng.IntN(3) == 0 {
					bs[i] = 1
				}
			}
		}
		a, b := tensortest.RandTensor(rng, as...), tensortest.RandTensor(rng, bs...)
		op := binaryOps[rng.IntN(len(binaryOps))]
		_, ok := tensor.BroadcastShape(as, bs)
		if !ok {
			want := fmt.Sprintf("tensor: %s: shapes %v and %v cannot be broadcast", op.name, as, bs)
			defer func() {
				if r := recover(); fmt.Sprint(r) != want {
					t.Fatalf("panic %q, want %q", r, want)
				}
			}()
			op.op(a, b)
			t.Fatalf("%s(%v, %v) did not panic", op.name, as, bs)
		}
		if got, want := op.op(a, b), naiveBroadcast(a, b, op.ref); !tensortest.SameBits(got, want) {
			t.Fatalf("%s(%v, %v) = %v, want %v", op.name, as, bs, got, want)
		}
		if got, want := op.op(b, a), naiveBroadcast(b, a, op.ref); !tensortest.SameBits(got, want) {
			t.Fatalf("%s(%v, %v) = %v, want %v", op.name, bs, as, got, want)
		}
	})
}

// BenchmarkAddBias is x·W1 + b1 of the forward pass: (100, 50) + (50).
func BenchmarkAddBias(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, bias := tensortest.RandTensor(rng, 100, 50), tensortest.RandTensor(rng, 50)
	dst := tensor.Zeros(100, 50)
	b.Run("Add", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.Add(a, bias)
		}
	})
	b.Run("AddTo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.AddTo(dst, a, bias)
		}
	})
}

// TestBroadcastLarge: large operands of each common shape (equal shapes,
// a scalar, a row added to every row, a broadcast middle axis) give the
// naive reference's bits, on one core and on three.
func TestBroadcastLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for _, p := range [][2][]int{{{700, 300}, {700, 300}}, {{700, 300}, {}}, {{700, 300}, {300}}, {{70, 10, 300}, {10, 300}}} {
		a, b := tensortest.RandTensor(rng, p[0]...), tensortest.RandTensor(rng, p[1]...)
		for _, op := range binaryOps {
			want := naiveBroadcast(a, b, op.ref)
			for _, procs := range []int{1, 3} {
				prev := runtime.GOMAXPROCS(procs)
				got := op.op(a, b)
				runtime.GOMAXPROCS(prev)
				if !tensortest.SameBits(got, want) {
					t.Errorf("%d cores: %s(%v, %v) differs from the naive reference", procs, op.name, p[0], p[1])
				}
			}
		}
	}
	a := tensortest.RandTensor(rng, 700, 300)
	prev := runtime.GOMAXPROCS(3)
	got := tensor.MulScalar(a, 0.1)
	runtime.GOMAXPROCS(prev)
	for i, x := range a.Data() {
		if math.Float64bits(got.Data()[i]) != math.Float64bits(x*0.1) {
			t.Fatalf("MulScalar: element %d is %v, want %v", i, got.Data()[i], x*0.1)
		}
	}
}
