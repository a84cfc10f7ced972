package tensor

import (
	"fmt"

	"dlfs/internal/kernel"
)

// MatMul returns the matrix product of a (m, k) and b (k, n), an (m, n)
// matrix with c[i][j] = Σ_p a[i][p]·b[p][j]:
// [[1 2] [3 4]] · [[5 6] [7 8]] is [[19 22] [43 50]].
// It panics unless both are matrices with matching inner dimensions.
//
// It is np.dot's hot path in the book's code, and the one place where
// this package hands its work to a tuned kernel (internal/kernel): the
// sums MatMulNaive's loop takes, in its order, with a's zeros left out
// where that is exact and the cores sharing the rows. The bits are
// MatMulNaive's, which the tests hold it to.
func MatMul(a, b *Tensor) *Tensor {
	m, k, n := matmulDims("MatMul", a, b)
	c := Zeros(m, n)
	kernel.MatMul(c.data, a.data, b.data, m, k, n)
	return c
}

// MatMulNaive is the textbook triple loop, kept as the reference MatMul
// and the training engine's products are tested against: each c[i][j]
// summed over p in increasing order from +0. Its innermost loop walks a
// column of b, a stride of n floats, so nearly every load touches a new
// cache line. Its results are MatMul's, bit for bit.
func MatMulNaive(a, b *Tensor) *Tensor {
	m, k, n := matmulDims("MatMulNaive", a, b)
	c := Zeros(m, n)
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range k {
				s += float64(a.data[i*k+p] * b.data[p*n+j])
			}
			c.data[i*n+j] = s
		}
	}
	return c
}

func matmulDims(op string, a, b *Tensor) (m, k, n int) {
	if len(a.shape) != 2 || len(b.shape) != 2 || a.shape[1] != b.shape[0] {
		panic(fmt.Sprintf("tensor: %s: shapes %v and %v do not align", op, a.shape, b.shape))
	}
	return a.shape[0], a.shape[1], b.shape[1]
}

// Dot is np.dot for operands of rank at most 2:
//
//	matrix (m, k) · matrix (k, n) → matrix (m, n)
//	matrix (m, k) · vector (k)    → vector (m)
//	vector (k)    · matrix (k, n) → vector (n)
//	vector (k)    · vector (k)    → scalar, the inner product
//	scalar        · anything      → element-wise product
//
// [1 2 3] · [4 5 6] is 32. It panics if the inner dimensions differ.
func Dot(a, b *Tensor) *Tensor {
	ra, rb := len(a.shape), len(b.shape)
	switch {
	case ra == 0 || rb == 0:
		return Mul(a, b)
	case ra > 2 || rb > 2:
		panic(fmt.Sprintf("tensor: Dot: shapes %v and %v: rank above 2 is not supported", a.shape, b.shape))
	}
	a2, b2 := a, b
	if ra == 1 {
		a2 = a.Reshape(1, -1)
	}
	if rb == 1 {
		b2 = b.Reshape(-1, 1)
	}
	if a2.shape[1] != b2.shape[0] {
		panic(fmt.Sprintf("tensor: Dot: shapes %v and %v do not align", a.shape, b.shape))
	}
	c := MatMul(a2, b2)
	switch {
	case ra == 1 && rb == 1:
		return c.Reshape()
	case ra == 1:
		return c.Reshape(b.shape[1])
	case rb == 1:
		return c.Reshape(a.shape[0])
	}
	return c
}

// Transpose returns a with its axes reversed (numpy's a.T): a (2, 3) matrix
// becomes (3, 2) with t[j][i] = a[i][j]. Vectors and scalars come back as
// copies. numpy's a.T is a view that reads a's data in another order;
// here it is a new tensor, and a matrix's is written by the kernel's
// loop (internal/kernel), which moves it a square at a time rather than
// an element a cache line away from the last.
func Transpose(a *Tensor) *Tensor {
	r := len(a.shape)
	shape := make([]int, r)
	for i, d := range a.shape {
		shape[r-1-i] = d
	}
	out := Zeros(shape...)
	if r == 2 {
		kernel.Transpose(out.data, a.data, a.shape[0], a.shape[1])
		return out
	}
	// Any rank: the element at index (i0, ..., ir) moves to (ir, ..., i0).
	strides := make([]int, r)
	s := 1
	for i := range r {
		strides[i] = s
		s *= shape[r-1-i]
	}
	pos := 0
	for idx := range a.Indices() {
		off := 0
		for d, x := range idx {
			off += x * strides[d]
		}
		out.data[off] = a.data[pos]
		pos++
	}
	return out
}
