//go:build !(goexperiment.simd && amd64)

package kernel

// The vector code where there is none (see vector.go): the scalar loops
// do all the work.

// Vector is false: no vector code runs.
const Vector = false

// sumRowsVector leaves every column to SumRows' scalar loops.
func sumRowsVector[I uint16 | int32, C uint8 | int32](out, level []float64, codes []C, rows []I, w []float64, stride int) int {
	return 0
}

// denseRowsVector is never called: MatMul's dense loop does the work.
func denseRowsVector(c, a, b []float64, k, n, i0, i1 int) {}

// vecMatVector leaves every column to VecMat's scalar loops.
func vecMatVector(out, x []float64, stride, m int, w []float64) int { return 0 }

// vecMatVector2 leaves VecMat2's rows to VecMat.
func vecMatVector2(out0, out1, x0, x1, w []float64) bool { return false }

// nonZerosVector leaves the whole row to nonZeros' scalar loop.
func nonZerosVector(buf []int32, row []float64) (n, p int) { return 0, 0 }

// finiteVector leaves every value to Finite's scalar loop.
func finiteVector(x []float64) (s float64, p int) { return 0, 0 }

// expShiftedVector leaves every element to ExpShifted's scalar loop.
func expShiftedVector(y, a []float64, m float64) int { return 0 }

// arithVector leaves every element to Apply's scalar loops.
func arithVector(op Arith, dst, x, y []float64) int { return 0 }

// arithScalarVector leaves every element to Apply's scalar loops.
func arithScalarVector(op Arith, dst, w []float64, v float64, first bool) int { return 0 }

// transposeVector leaves the whole matrix to Transpose's scalar loops.
func transposeVector(out, a []float64, m, n int) (mv, nv int) { return 0, 0 }
