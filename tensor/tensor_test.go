package tensor_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

func TestConstructors(t *testing.T) {
	tests := []struct {
		name      string
		got       *tensor.Tensor
		wantShape []int
		wantData  []float64
	}{
		{"New", tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3), []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{"New scalar", tensor.New([]float64{7}), []int{}, []float64{7}},
		{"Zeros", tensor.Zeros(2, 2), []int{2, 2}, []float64{0, 0, 0, 0}},
		{"Zeros empty axis", tensor.Zeros(0, 3), []int{0, 3}, []float64{}},
		{"Full", tensor.Full(2.5, 3), []int{3}, []float64{2.5, 2.5, 2.5}},
		{"Scalar", tensor.Scalar(-1), []int{}, []float64{-1}},
		// np.arange results.
		{"Arange quarter", tensor.Arange(0, 1, 0.25), []int{4}, []float64{0, 0.25, 0.5, 0.75}},
		{"Arange down", tensor.Arange(5, 1, -1), []int{4}, []float64{5, 4, 3, 2}},
		{"Arange empty", tensor.Arange(3, 3, 1), []int{0}, []float64{}},
		{"Arange wrong way", tensor.Arange(3, 0, 1), []int{0}, []float64{}},
		{"Arange 0.3", tensor.Arange(1, 2, 0.3), []int{4}, []float64{1, 1.3, 1.6, 1 + 3*0.3}},
		{"OneHot", tensor.OneHot([]int{2, 0, 1}, 3), []int{3, 3}, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got.Shape(), tt.wantShape) || !slices.Equal(tt.got.Data(), tt.wantData) {
				t.Errorf("got shape %v data %v, want %v %v", tt.got.Shape(), tt.got.Data(), tt.wantShape, tt.wantData)
			}
		})
	}
}

func TestRandN(t *testing.T) {
	a := tensor.RandN(rand.New(rand.NewPCG(1, 2)), 300, 400)
	b := tensor.RandN(rand.New(rand.NewPCG(1, 2)), 300, 400)
	if !tensortest.SameBits(a, b) {
		t.Fatal("the same seed gave different tensors")
	}
	// 120000 standard normal samples: the mean's standard error is 0.003, and
	// about 4.55% of samples lie beyond 2σ.
	n := float64(a.Size())
	mean, sq, beyond := 0.0, 0.0, 0.0
	for _, v := range a.Data() {
		mean += v
		sq += float64(v * v)
		if !(math.Abs(v) <= 2) {
			beyond++
		}
	}
	mean /= n
	std := math.Sqrt(sq/n - float64(mean*mean))
	if !(math.Abs(mean) <= 0.015) || !(math.Abs(std-1) <= 0.01) || !(math.Abs(beyond/n-0.0455) <= 0.003) {
		t.Errorf("mean %.4f std %.4f beyond 2σ %.4f, want ≈ 0, 1, 0.0455", mean, std, beyond/n)
	}
}

func TestAccess(t *testing.T) {
	a := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	if a.Rank() != 2 || a.Size() != 6 || a.Dim(0) != 2 || a.Dim(-1) != 3 {
		t.Errorf("rank %d size %d dims %d %d", a.Rank(), a.Size(), a.Dim(0), a.Dim(-1))
	}
	if got := a.At(1, 0); got != 4 {
		t.Errorf("At(1, 0) = %v, want 4", got)
	}
	a.Set(40, 1, 0)
	if a.Data()[3] != 40 {
		t.Errorf("Set(40, 1, 0) stored %v", a.Data())
	}
	s := a.Shape()
	s[0] = 99
	if a.Dim(0) != 2 {
		t.Error("changing Shape's result changed the tensor")
	}
	c := a.Clone()
	c.Set(0, 0, 0)
	if a.At(0, 0) != 1 {
		t.Error("Clone shares storage")
	}
	r := a.Reshape(-1, 2)
	if !slices.Equal(r.Shape(), []int{3, 2}) || r.At(2, 1) != 6 {
		t.Errorf("Reshape(-1, 2) is %v", r)
	}
	r.Set(-6, 2, 1)
	if a.At(1, 2) != -6 {
		t.Error("Reshape does not share storage")
	}
	// An empty array takes any shape of no elements, -1 inferred where the
	// rest has some (np.zeros((0, 3)).reshape(-1, 3) is (0, 3)).
	for _, shape := range [][]int{{-1, 3}, {3, -1}, {0}, {0, 7}} {
		want := slices.Clone(shape)
		for i, d := range want {
			if d < 0 {
				want[i] = 0
			}
		}
		if e := tensor.Zeros(0, 3).Reshape(shape...); !slices.Equal(e.Shape(), want) {
			t.Errorf("an empty (0, 3) reshaped to %v: %v", shape, e.Shape())
		}
	}
	if got := tensor.New([]float64{3}, 1, 1).Item(); got != 3 {
		t.Errorf("Item = %v", got)
	}
}

func TestRows(t *testing.T) {
	a := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	got := tensor.Rows(a, []int{2, 0, 2})
	want := tensor.New([]float64{5, 6, 1, 2, 5, 6}, 3, 2)
	if !tensortest.SameBits(got, want) {
		t.Errorf("Rows = %v, want %v", got, want)
	}
	// No rows, of a set with none or some, is a batch of none (numpy's
	// x[[]]), its rows as wide as the set's.
	for _, set := range []*tensor.Tensor{tensor.Zeros(0, 3), a} {
		if e := tensor.Rows(set, nil); !slices.Equal(e.Shape(), []int{0, set.Dim(1)}) {
			t.Errorf("Rows of %v at no index has shape %v", set.Shape(), e.Shape())
		}
	}
	v := tensor.Rows(tensor.Arange(0, 5, 1), []int{4, 1})
	if !slices.Equal(v.Data(), []float64{4, 1}) {
		t.Errorf("Rows of a vector = %v", v)
	}
	// Enough rows for the cores to share, against an element-by-element
	// copy; and into a destination that held other values, twice, as a
	// training loop draws its batches.
	big := tensor.Arange(0, 1000*300, 1).Reshape(1000, 300)
	rng := rand.New(rand.NewPCG(5, 6))
	dst := tensor.Full(math.NaN(), 500, 300)
	for range 2 {
		idx := rng.Perm(1000)[:500]
		for name, r := range map[string]*tensor.Tensor{"Rows": tensor.Rows(big, idx), "RowsTo": tensor.RowsTo(dst, big, idx)} {
			for i, row := range idx {
				for j := range 300 {
					if r.At(i, j) != big.At(row, j) {
						t.Fatalf("%s of %d: element (%d, %d) is %v, want %v", name, len(idx), i, j, r.At(i, j), big.At(row, j))
					}
				}
			}
		}
	}
}

func TestIndices(t *testing.T) {
	a := tensor.Zeros(2, 3, 2)
	var got [][]int
	for idx := range a.Indices() {
		got = append(got, slices.Clone(idx))
	}
	// C order: the last axis varies fastest, so the i-th index is the
	// mixed-radix digits of i.
	if len(got) != 12 {
		t.Fatalf("%d indices, want 12", len(got))
	}
	for i, idx := range got {
		want := []int{i / 6, i / 2 % 3, i % 2}
		if !slices.Equal(idx, want) {
			t.Errorf("index %d is %v, want %v", i, idx, want)
		}
	}
	n := 0
	for idx := range tensor.Scalar(1).Indices() {
		if len(idx) != 0 {
			t.Errorf("scalar index %v", idx)
		}
		n++
	}
	for range tensor.Zeros(0, 4).Indices() {
		n += 10
	}
	for range a.Indices() {
		break
	}
	if n != 1 {
		t.Errorf("a scalar yields %d indices and an empty tensor some, want 1 and 0", n)
	}
}

func TestAllCloseAndMaxAbsDiff(t *testing.T) {
	a := tensor.New([]float64{1, 2, math.Inf(1)}, 3)
	tests := []struct {
		b    *tensor.Tensor
		want bool
	}{
		{tensor.New([]float64{1, 2 + 1e-9, math.Inf(1)}, 3), true},
		{tensor.New([]float64{1, 2.1, math.Inf(1)}, 3), false},
		{tensor.New([]float64{1, 2, math.Inf(-1)}, 3), false},
		{tensor.New([]float64{1, math.NaN(), math.Inf(1)}, 3), false},
		{tensor.New([]float64{1, 2, math.Inf(1)}, 1, 3), false},
	}
	for _, tt := range tests {
		if got := tensor.AllClose(a, tt.b, 1e-7, 0); got != tt.want {
			t.Errorf("AllClose(%v, %v) = %v", a, tt.b, got)
		}
	}
	x := tensor.New([]float64{1, 5, -3}, 3)
	y := tensor.New([]float64{1.5, 5, -1}, 3)
	if got := tensor.MaxAbsDiff(x, y); got != 2 {
		t.Errorf("MaxAbsDiff = %v, want 2", got)
	}
	y.Set(math.NaN(), 0)
	if got := tensor.MaxAbsDiff(x, y); !math.IsNaN(got) {
		t.Errorf("MaxAbsDiff with NaN = %v, want NaN", got)
	}
}

func TestMisusePanics(t *testing.T) {
	a := tensor.Zeros(100, 50)
	tests := []struct {
		want string
		f    func()
	}{
		{"tensor: Add: shapes [100 50] and [10 3] cannot be broadcast", func() { tensor.Add(a, tensor.Zeros(10, 3)) }},
		{"tensor: Mul: shapes [2] and [3] cannot be broadcast", func() { tensor.Mul(tensor.Zeros(2), tensor.Zeros(3)) }},
		{"tensor: AddTo: destination shape [50], want [100 50] for shapes [100 50] and [50]", func() { tensor.AddTo(tensor.Zeros(50), a, tensor.Zeros(50)) }},
		{"tensor: New: 3 values do not fill shape [2 2]", func() { tensor.New([]float64{1, 2, 3}, 2, 2) }},
		{"tensor: Zeros: negative dimension in shape [2 -1]", func() { tensor.Zeros(2, -1) }},
		{"tensor: At: index [100 0] out of range for shape [100 50]", func() { a.At(100, 0) }},
		{"tensor: Set: index [1] has 1 axes, shape [100 50] has 2", func() { a.Set(1, 1) }},
		{"tensor: Sum: axis 2 out of range for shape [100 50]", func() { tensor.Sum(a, 2, false) }},
		{"tensor: Max: axis -3 out of range for shape [100 50]", func() { tensor.Max(a, -3, false) }},
		{"tensor: Argmax: axis 0 of shape [0 3] is empty", func() { tensor.Argmax(tensor.Zeros(0, 3), 0) }},
		{"tensor: MatMul: shapes [100 50] and [10 3] do not align", func() { tensor.MatMul(a, tensor.Zeros(10, 3)) }},
		{"tensor: Dot: shapes [3] and [4] do not align", func() { tensor.Dot(tensor.Zeros(3), tensor.Zeros(4)) }},
		{"tensor: Dot: shapes [2 2 2] and [2]: rank above 2", func() { tensor.Dot(tensor.Zeros(2, 2, 2), tensor.Zeros(2)) }},
		{"tensor: Reshape: cannot reshape shape [100 50] into [3 -1]", func() { a.Reshape(3, -1) }},
		{"tensor: Reshape: bad shape [-1 -1]", func() { a.Reshape(-1, -1) }},
		{"tensor: Reshape: cannot reshape shape [0 3] into [0 -1]", func() { tensor.Zeros(0, 3).Reshape(0, -1) }},
		{"tensor: Reshape: cannot reshape shape [0 3] into [-1 0]", func() { tensor.Zeros(0, 3).Reshape(-1, 0) }},
		{"tensor: Rows: row 0 out of range for shape [0 3]", func() { tensor.Rows(tensor.Zeros(0, 3), []int{0}) }},
		{"tensor: Rows: row 100 out of range for shape [100 50]", func() { tensor.Rows(a, []int{0, 100}) }},
		{"tensor: RowsTo: row -1 out of range for shape [100 50]", func() { tensor.RowsTo(tensor.Zeros(1, 50), a, []int{-1}) }},
		{"tensor: RowsTo: destination shape [2 49], want [2 50] for 2 rows of shape [100 50]", func() { tensor.RowsTo(tensor.Zeros(2, 49), a, []int{0, 1}) }},
		{"tensor: RowsTo: destination shape [3 50], want [2 50] for 2 rows of shape [100 50]", func() { tensor.RowsTo(tensor.Zeros(3, 50), a, []int{0, 1}) }},
		{"tensor: OneHot: label 10 at 1 is outside [0, 10)", func() { tensor.OneHot([]int{0, 10}, 10) }},
		{"tensor: Item: shape [100 50] has 5000 elements, not 1", func() { a.Item() }},
		{"tensor: Arange: step 0 must be finite and non-zero", func() { tensor.Arange(0, 1, 0) }},
		{"tensor: MaxAbsDiff: shapes [2] and [100 50] differ", func() { tensor.MaxAbsDiff(tensor.Zeros(2), a) }},
		{"tensor: SetPrintPrecision: negative precision -1", func() { tensor.SetPrintPrecision(-1) }},
	}
	for _, tt := range tests {
		tensortest.WantPanic(t, tt.want, tt.f)
	}
}
