package kernel

// Transpose stores in out, (n, m), the transpose of the (m, n) matrix a,
// out[j][i] = a[i][j]: numpy's a.T made contiguous, the copy the book's
// xᵀ·da1 reads. Element by element, one row of a read and one row of
// out written, every element would be a load or a store a cache line
// away from the one before; so the matrix goes in squares of 32 (32 rows
// of out, a cache line each, stay in the first-level cache while a square
// is written), in blocks of 4×4 read as four short rows and written as
// four, and in the vector build in blocks of 8×8 moved through vector
// registers. Values are only moved, never computed: NaN's payload and
// −0 stay. TransposeNaive is its reference.
func Transpose(out, a []float64, m, n int) {
	out, a = out[:m*n], a[:m*n]
	mv, nv := transposeVector(out, a, m, n)
	// What the vector blocks left: columns [nv, n) of their rows, then
	// every column of the rows below them.
	transposeRegion(out, a, m, n, 0, mv, nv, n)
	transposeRegion(out, a, m, n, mv, m, 0, n)
}

// TransposeNaive is Transpose's reference: out[j][i] = a[i][j], one
// element at a time.
func TransposeNaive(out, a []float64, m, n int) {
	for i := range m {
		for j := range n {
			out[j*m+i] = a[i*n+j]
		}
	}
}

// transposeTile is the side of Transpose's squares.
const transposeTile = 32

// transposeRegion transposes rows [r0, r1) × columns [c0, c1) of a, a
// square at a time.
func transposeRegion(out, a []float64, m, n, r0, r1, c0, c1 int) {
	for i0 := r0; i0 < r1; i0 += transposeTile {
		for j0 := c0; j0 < c1; j0 += transposeTile {
			transposeSquare(out, a, m, n, i0, min(i0+transposeTile, r1), j0, min(j0+transposeTile, c1))
		}
	}
}

// transposeSquare transposes rows [i0, i1) × columns [j0, j1) of a.
func transposeSquare(out, a []float64, m, n, i0, i1, j0, j1 int) {
	i := i0
	for ; i+4 <= i1; i += 4 {
		r0 := a[i*n : i*n+n]
		r1 := a[(i+1)*n : (i+1)*n+n][:len(r0)]
		r2 := a[(i+2)*n : (i+2)*n+n][:len(r0)]
		r3 := a[(i+3)*n : (i+3)*n+n][:len(r0)]
		j := j0
		for ; j+4 <= j1; j += 4 {
			x0, x1 := (*[4]float64)(r0[j:]), (*[4]float64)(r1[j:])
			x2, x3 := (*[4]float64)(r2[j:]), (*[4]float64)(r3[j:])
			o0, o1 := (*[4]float64)(out[j*m+i:]), (*[4]float64)(out[(j+1)*m+i:])
			o2, o3 := (*[4]float64)(out[(j+2)*m+i:]), (*[4]float64)(out[(j+3)*m+i:])
			o0[0], o0[1], o0[2], o0[3] = x0[0], x1[0], x2[0], x3[0]
			o1[0], o1[1], o1[2], o1[3] = x0[1], x1[1], x2[1], x3[1]
			o2[0], o2[1], o2[2], o2[3] = x0[2], x1[2], x2[2], x3[2]
			o3[0], o3[1], o3[2], o3[3] = x0[3], x1[3], x2[3], x3[3]
		}
		for ; j < j1; j++ {
			o := (*[4]float64)(out[j*m+i:])
			o[0], o[1], o[2], o[3] = r0[j], r1[j], r2[j], r3[j]
		}
	}
	for ; i < i1; i++ {
		for j := j0; j < j1; j++ {
			out[j*m+i] = a[i*n+j]
		}
	}
}
