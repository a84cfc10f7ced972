//go:build !(goexperiment.simd && amd64)

package tensor

// The vector code where there is none (see matmul_vector.go): the scalar
// loops do all the work.

// vectorKernel is false: no vector code runs.
const vectorKernel = false

// skipColumnsVector leaves every column to matmulSkipRows's scalar loops.
func skipColumnsVector(out, vals []float64, offs []int, b []float64, n int) int { return 0 }

// nonzerosVector leaves the whole row to nonzeros' scalar loop.
func nonzerosVector(buf []int32, row []float64) (n, p int) { return 0, 0 }

// finiteVector leaves every value to finite's scalar loop.
func finiteVector(x []float64) (s float64, p int) { return 0, 0 }

// denseRowsVector is never called: MatMul's dense kernel does the work.
func denseRowsVector(c, a, b []float64, k, n, i0, i1 int) {}
