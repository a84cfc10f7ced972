package kernel

import "math"

// SumRows stores in each out[j] the sum Σ_q level[codes[q]]·w[rows[q]·stride + j]
// over q in increasing order from +0, for j < len(out): the rows of w that
// rows selects, each times its value, w's rows being stride ≥ len(out)
// values apart. It is a row of a product whose left factor is sparse, x·W1
// and xᵀ·da1 of a step on MNIST's four-fifths-zero pixels, each sum taken
// term by term, a product rounded and then added, so that the bits are
// MatMulNaive's for the columns it covers.
//
// The values are looked up, so that a caller need not copy them: the
// engine's batch keeps a byte for each pixel and MNIST's 256 levels, and
// MatMul's row of a is its own level table, codes and rows both being the
// positions of its non-zeros.
//
// In the vector build, passes of 56 columns (seven vectors of eight sums)
// while 49 or more columns remain. The scalar loops take the terms in
// pieces of at most 64, as equal as can be, each looked up once into a
// buffer on the stack, so that a piece's rows of w stay in the first-level
// cache while the blocks of columns run over them (a 784×50 W1 is 313 KB;
// 64 rows of it, 26 KB).
func SumRows[I uint16 | int32, C uint8 | int32](out, level []float64, codes []C, rows []I, w []float64, stride int) {
	codes = codes[:len(rows)]
	j := sumRowsVector(out, level, codes, rows, w, stride)
	if j >= len(out) {
		return
	}
	clear(out[j:])
	var buf [64]float64
	pieces := (len(rows) + len(buf) - 1) / len(buf)
	for p := range pieces {
		lo, hi := len(rows)*p/pieces, len(rows)*(p+1)/pieces
		vals := buf[:hi-lo]
		for q := range vals {
			vals[q] = level[codes[lo+q]]
		}
		addColumns(out, j, vals, rows[lo:hi], w, stride)
	}
}

// addColumns is SumRows' scalar loops: it adds to out[j:] the products of
// the values vals and the rows of w that rows selects, summing in order
// from out's values, so that pieces of a row added one after the other
// give the sums of the whole row.
func addColumns[I uint16 | int32](out []float64, j int, vals []float64, rows []I, w []float64, stride int) {
	vals = vals[:len(rows)]
	n := len(out)
	// Nine sums stay in registers while q runs, and with them the value
	// and the products: Go's scheduler computes every product of a block
	// before its additions, so a block of nine would need nine products
	// live, nineteen values for the fifteen float registers that Go's ABI
	// leaves (X15 is kept zero), and spill. The second bounds check, for
	// columns 5 to 8, ends the block after the first five additions: five
	// products live at most, and 9 + 1 + 5 fill them without a spill
	// (docs/performance.md compares this with five sums at a time).
	for ; j+9 <= n; j += 9 {
		o := out[j : j+9 : j+9]
		s0, s1, s2, s3, s4 := o[0], o[1], o[2], o[3], o[4]
		s5, s6, s7, s8 := o[5], o[6], o[7], o[8]
		for q, k := range rows {
			v := vals[q]
			off := int(k)*stride + j
			r := w[off : off+5 : off+5]
			s0 += float64(v * r[0])
			s1 += float64(v * r[1])
			s2 += float64(v * r[2])
			s3 += float64(v * r[3])
			s4 += float64(v * r[4])
			r2 := w[off+5 : off+9 : off+9]
			s5 += float64(v * r2[0])
			s6 += float64(v * r2[1])
			s7 += float64(v * r2[2])
			s8 += float64(v * r2[3])
		}
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
		o[5], o[6], o[7], o[8] = s5, s6, s7, s8
	}
	for ; j+5 <= n; j += 5 {
		o := out[j : j+5 : j+5]
		s0, s1, s2, s3, s4 := o[0], o[1], o[2], o[3], o[4]
		for q, k := range rows {
			v := vals[q]
			off := int(k)*stride + j
			r := w[off : off+5 : off+5]
			s0 += float64(v * r[0])
			s1 += float64(v * r[1])
			s2 += float64(v * r[2])
			s3 += float64(v * r[3])
			s4 += float64(v * r[4])
		}
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
	}
	for ; j < n; j++ {
		s := out[j]
		for q, k := range rows {
			s += float64(vals[q] * w[int(k)*stride+j])
		}
		out[j] = s
	}
}

// SumRowsNaive is SumRows' reference: one column at a time, one term at
// a time.
func SumRowsNaive[I uint16 | int32, C uint8 | int32](out, level []float64, codes []C, rows []I, w []float64, stride int) {
	for j := range out {
		s := 0.0
		for q, k := range rows {
			s += float64(level[codes[q]] * w[int(k)*stride+j])
		}
		out[j] = s
	}
}

// VecMat stores Σ_i x[i·stride]·w[i][:] in out, for i in [0, m) and the
// len(out) columns of w, summed over i in increasing order from +0: with
// stride 1 a row of z1·W2, with stride hidden a row of z1ᵀ·dy. Five sums
// at a time stay in registers while i runs, so that five additions advance
// together instead of each waiting on the one before it through memory;
// in the vector build, sixteen columns at a time while nine or more
// remain.
func VecMat(out, x []float64, stride, m int, w []float64) {
	n := len(out)
	j := vecMatVector(out, x, stride, m, w)
	for ; j+5 <= n; j += 5 {
		var s0, s1, s2, s3, s4 float64
		for i := range m {
			v := x[i*stride]
			r := w[i*n+j : i*n+j+5 : i*n+j+5]
			s0 += float64(v * r[0])
			s1 += float64(v * r[1])
			s2 += float64(v * r[2])
			s3 += float64(v * r[3])
			s4 += float64(v * r[4])
		}
		o := out[j : j+5 : j+5]
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
	}
	for ; j < n; j++ {
		s := 0.0
		for i := range m {
			s += float64(x[i*stride] * w[i*n+j])
		}
		out[j] = s
	}
}

// VecMat2 is VecMat for two rows at once, out0 = x0·w and out1 = x1·w,
// each summed in VecMat's order: in the vector build the two rows' sums
// advance side by side when one pass covers them (9 to 16 columns, as the
// ten scores); otherwise it is two VecMat calls.
func VecMat2(out0, out1, x0, x1, w []float64) {
	if !vecMatVector2(out0, out1, x0, x1, w) {
		VecMat(out0, x0, 1, len(x0), w)
		VecMat(out1, x1, 1, len(x1), w)
	}
}

// VecMatNaive is VecMat's reference: one column at a time.
func VecMatNaive(out, x []float64, stride, m int, w []float64) {
	n := len(out)
	for j := range n {
		s := 0.0
		for i := range m {
			s += float64(x[i*stride] * w[i*n+j])
		}
		out[j] = s
	}
}

// nonZerosSlack is how far past a row's count of indices NonZeros may
// write: the vector code stores whole vectors of them.
const nonZerosSlack = 16

// nonZeros returns the indices p of row's non-zero values (NaN included),
// in increasing order, written into buf, whose length must be at least
// len(row)+nonZerosSlack. Every index is written and the count moves on
// only past a non-zero: a branch on each pixel would be mispredicted
// about as often as an image changes from paper to ink.
func nonZeros(buf []int32, row []float64) []int32 {
	n, p := nonZerosVector(buf, row)
	for ; p < len(row); p++ {
		buf[n] = int32(p)
		u := math.Float64bits(row[p]) << 1 // ±0 alike
		n += int((u | -u) >> 63)           // 1 unless u is 0
	}
	return buf[:n]
}

// Finite reports whether every value of x is a finite number: v − v is 0
// for a finite v and NaN for an infinite or NaN one, and a NaN added to a
// sum stays. Four sums side by side, with no branch a value, check W1
// before each product in a fraction of the product's time.
func Finite(x []float64) bool {
	s, p := finiteVector(x)
	var s0, s1, s2, s3 float64
	for ; p+4 <= len(x); p += 4 {
		v := (*[4]float64)(x[p:])
		s0 += v[0] - v[0]
		s1 += v[1] - v[1]
		s2 += v[2] - v[2]
		s3 += v[3] - v[3]
	}
	for _, v := range x[p:] {
		s += v - v
	}
	return s+s0+s1+s2+s3 == 0
}
