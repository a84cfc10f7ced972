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

func TestMatMulHandComputed(t *testing.T) {
	a := tensor.New([]float64{1, 2, 3, 4}, 2, 2)
	b := tensor.New([]float64{5, 6, 7, 8}, 2, 2)
	want := tensor.New([]float64{19, 22, 43, 50}, 2, 2)
	for name, got := range map[string]*tensor.Tensor{
		"MatMul": tensor.MatMul(a, b), "MatMulNaive": tensor.MatMulNaive(a, b), "Dot": tensor.Dot(a, b),
	} {
		if !tensortest.SameBits(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// TestMatMulAgainstNaive checks the tuned kernel bit for bit against the
// triple loop: odd sizes that leave a remainder after the blocks of four rows,
// sizes large enough to be split across goroutines, sparse and dense inputs,
// and non-finite values.
func TestMatMulAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	sizes := [][3]int{
		{1, 1, 1}, {1, 7, 3}, {3, 5, 1}, {4, 4, 4}, {5, 3, 7}, {7, 9, 11}, {13, 1, 2},
		{0, 3, 2}, {2, 0, 3}, {100, 50, 10}, {101, 784, 50}, {257, 300, 33},
	}
	for _, s := range sizes {
		a, b := tensortest.RandTensor(rng, s[0], s[1]), tensortest.RandTensor(rng, s[1], s[2])
		if s[0] > 5 {
			a.Data()[rng.IntN(a.Size())] = math.NaN()
			b.Data()[rng.IntN(b.Size())] = math.Inf(1)
		}
		want := tensor.MatMulNaive(a, b)
		if got := tensor.MatMul(a, b); !tensortest.SameBits(got, want) {
			t.Errorf("MatMul %v differs from the naive loop", s)
		}
	}
}

// TestMatMulSkipsZeros holds the product that leaves out a's zero terms
// to the naive loop, bit for bit: every width from 0 to 19 (each
// remainder of the blocks of eight and two columns) and about the vector
// build's passes of 56 (49 to 57, 105 to 113), inner sizes to past
// the kernel's stack buffer, a's zeros of both signs among NaN, ±Inf,
// subnormals and −0 products, and b with an infinite or NaN value facing a
// zero of a (0·∞ is NaN: the product must not leave it out).
func TestMatMulSkipsZeros(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -1e-310, 1e300, -2}
	fill := func(x *tensor.Tensor, zeros int) {
		for i := range x.Data() {
			switch r := rng.IntN(10); {
			case r < zeros:
				x.Data()[i] = special[rng.IntN(2)]
			case r == 9:
				x.Data()[i] = special[rng.IntN(len(special))]
			default:
				x.Data()[i] = rng.NormFloat64()
			}
		}
	}
	widths := []int{49, 50, 55, 56, 57, 64, 105, 112, 113}
	for n := range 20 {
		widths = append(widths, n)
	}
	for _, k := range []int{1, 7, 100, 784, 1025} {
		for _, n := range widths {
			for _, m := range []int{1, 3, 8} {
				a, b := tensor.Zeros(m, k), tensor.Zeros(k, n)
				fill(a, 8)
				fill(b, 2)
				for i, v := range b.Data() { // b finite: the product that skips
					if v-v != 0 {
						b.Data()[i] = -0.5
					}
				}
				if got, want := tensor.MatMul(a, b), tensor.MatMulNaive(a, b); !tensortest.SameBits(got, want) {
					t.Fatalf("%d×%d·%d×%d, b finite: MatMul differs from the naive loop", m, k, k, n)
				}
				if n > 0 { // an infinite b[p][j] where a has a zero
					p := rng.IntN(k)
					a.Data()[p] = 0
					b.Data()[p*n+rng.IntN(n)] = math.Inf(1)
					if got, want := tensor.MatMul(a, b), tensor.MatMulNaive(a, b); !tensortest.SameBits(got, want) {
						t.Fatalf("%d×%d·%d×%d, b infinite facing a zero: MatMul differs from the naive loop", m, k, k, n)
					}
				}
			}
		}
	}
}

// TestMatMulDense: products of a dense a (few zeros, so no term is left
// out), with every count of rows modulo the vector build's blocks of four
// and every width to 20 (vectors of eight, part-filled) and past the
// vector pass, each bit for bit the naive loop's: a and b with signed
// zeros, subnormals and huge values, and again with NaN and ±Inf in b too.
func TestMatMulDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	special := []float64{math.Copysign(0, -1), 5e-324, -1e-310, 1e300, -1e300, math.NaN(), math.Inf(1), math.Inf(-1)}
	fill := func(x *tensor.Tensor, specials int) {
		for i := range x.Data() {
			x.Data()[i] = rng.NormFloat64()
			if rng.IntN(20) == 0 {
				x.Data()[i] = special[rng.IntN(specials)]
			}
		}
	}
	widths := []int{49, 50, 57}
	for n := 1; n <= 20; n++ {
		widths = append(widths, n)
	}
	for _, k := range []int{1, 7, 50, 100} {
		for _, n := range widths {
			for m := 1; m <= 9; m++ {
				a, b := tensor.Zeros(m, k), tensor.Zeros(k, n)
				fill(a, len(special))
				for _, specials := range []int{5, len(special)} { // b finite, then not
					fill(b, specials)
					if got, want := tensor.MatMul(a, b), tensor.MatMulNaive(a, b); !tensortest.SameBits(got, want) {
						t.Fatalf("%d×%d·%d×%d (b with %d kinds of special value): MatMul differs from the naive loop", m, k, k, n, specials)
					}
				}
			}
		}
	}
}

func TestMatMulSameOnAnyCoreCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a, b := tensortest.RandTensor(rng, 203, 784), tensortest.RandTensor(rng, 784, 50)
	prev := runtime.GOMAXPROCS(1)
	one := tensor.MatMul(a, b)
	runtime.GOMAXPROCS(3)
	three := tensor.MatMul(a, b)
	runtime.GOMAXPROCS(prev)
	if !tensortest.SameBits(one, three) {
		t.Error("1 and 3 goroutines give different bits")
	}
}

// TestDot checks np.dot's documented cases for vectors and matrices.
func TestDot(t *testing.T) {
	v := tensor.New([]float64{1, 2, 3}, 3)
	w := tensor.New([]float64{4, 5, 6}, 3)
	m := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	tests := []struct {
		name string
		got  *tensor.Tensor
		want *tensor.Tensor
	}{
		{"vector·vector", tensor.Dot(v, w), tensor.Scalar(32)},
		{"matrix·vector", tensor.Dot(m, v), tensor.New([]float64{14, 32}, 2)},
		{"vector·matrix", tensor.Dot(tensor.New([]float64{1, 1}, 2), m), tensor.New([]float64{5, 7, 9}, 3)},
		{"matrix·matrixᵀ", tensor.Dot(m, tensor.Transpose(m)), tensor.New([]float64{14, 32, 32, 77}, 2, 2)},
		{"scalar·matrix", tensor.Dot(tensor.Scalar(2), m), tensor.New([]float64{2, 4, 6, 8, 10, 12}, 2, 3)},
	}
	for _, tt := range tests {
		if !tensortest.SameBits(tt.got, tt.want) {
			t.Errorf("%s = %v (shape %v), want %v (shape %v)", tt.name, tt.got, tt.got.Shape(), tt.want, tt.want.Shape())
		}
	}
}

func TestTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, shape := range [][]int{{}, {4}, {3, 5}, {1, 4}, {33, 65}, {100, 784}, {257, 333}, {70, 1}, {1, 70}, {0, 5}, {2, 3, 4}, {2, 1, 3, 2}} {
		a := tensortest.RandTensor(rng, shape...)
		got := tensor.Transpose(a)
		if want := slices.Clone(shape); !slices.Equal(got.Shape(), reversed(want)) {
			t.Fatalf("Transpose of %v has shape %v", shape, got.Shape())
		}
		// By definition, t[i_r ... i_0] = a[i_0 ... i_r].
		for idx := range a.Indices() {
			if got.At(reversed(slices.Clone(idx))...) != a.At(idx...) {
				t.Fatalf("Transpose of %v wrong at %v", shape, idx)
			}
		}
	}
}

func reversed(s []int) []int {
	slices.Reverse(s)
	return s
}

// benchMatMul reports the kernel's speed, counting a multiply and an add.
func benchMatMul(b *testing.B, m, k, n int, f func(a, w *tensor.Tensor) *tensor.Tensor) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, w := tensortest.RandTensor(rng, m, k), tensortest.RandTensor(rng, k, n)
	b.ReportAllocs()
	for b.Loop() {
		f(a, w)
	}
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkMatMul(b *testing.B) {
	for _, s := range [][3]int{{100, 784, 50}, {784, 100, 50}, {100, 50, 10}, {10000, 784, 50}} {
		b.Run(fmt.Sprintf("%dx%dx%d", s[0], s[1], s[2]), func(b *testing.B) {
			benchMatMul(b, s[0], s[1], s[2], tensor.MatMul)
		})
	}
	b.Run("naive/100x784x50", func(b *testing.B) { benchMatMul(b, 100, 784, 50, tensor.MatMulNaive) })
	b.Run("onecore/100x784x50", func(b *testing.B) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		benchMatMul(b, 100, 784, 50, tensor.MatMul)
	})
}

func BenchmarkTransposedProduct(b *testing.B) {
	// xᵀ·δ of the backward pass: x is (100, 784), δ is (100, 50).
	rng := rand.New(rand.NewPCG(1, 1))
	x, d := tensortest.RandTensor(rng, 100, 784), tensortest.RandTensor(rng, 100, 50)
	b.ReportAllocs()
	for b.Loop() {
		tensor.MatMul(tensor.Transpose(x), d)
	}
	b.ReportMetric(2*784*100*50*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
