//go:build !(goexperiment.simd && amd64)

package engine

// The vector code where there is none (see vector.go): the scalar loops
// do all the work.

// vectorKernel is false: no vector code runs.
const vectorKernel = false

// vectorColumns32 is never called: approxLayer stays off without vectors.
func vectorColumns32(out *[64]float32, idx []uint16, code []uint8, level *[256]float32, w []float32) {
	panic("engine: vectorColumns32 without vectors")
}

// vectorColumns leaves every column of sparseRow's out to its scalar loops.
func vectorColumns(out []float64, idx []uint16, code []uint8, level *[256]float64, w []float64, stride int) int {
	return 0
}

// vecMatVector leaves every column of vecMat's out to its scalar loops.
func vecMatVector(out, x []float64, stride, m int, w []float64) int { return 0 }

// vecMatVector2 leaves vecMat2's rows to vecMat.
func vecMatVector2(out0, out1, x0, x1, w []float64) bool { return false }

// backwardVector leaves every row to backwardRow's scalar loops.
func backwardVector(da1, dy, z1, w2t []float64) bool { return false }

// sigmoidVector leaves every element of sigmoidRow to sigmoidFast.
func sigmoidVector(z, a []float64) int { return 0 }

// expShiftedVector leaves every element of expShiftedRow to exp.
func expShiftedVector(y, a []float64, m float64) int { return 0 }

// lossesVector leaves every loss of numericalPass's W1 loop to lossAt.
func (p *numericalPass) lossesVector(plus, minus []float64, rows []uint16, code []uint8, j int, scores *laneScores) int {
	return 0
}
