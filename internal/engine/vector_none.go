//go:build !(goexperiment.simd && amd64)

package engine

// The vector code where there is none (see vector.go): the scalar loops
// do all the work.

// vectorColumns32 is never called: approxLayer stays off without vectors.
func vectorColumns32(out *[64]float32, idx []uint16, code []uint8, level *[256]float32, w []float32) {
	panic("engine: vectorColumns32 without vectors")
}

// backwardVector leaves every row to backwardRow's scalar loops.
func backwardVector(da1, dy, z1, w2t []float64) bool { return false }

// sigmoidVector leaves every element of sigmoidRow to sigmoidFast.
func sigmoidVector(z, a []float64) int { return 0 }

// lossesVector leaves every loss of numericalPass's W1 loop to lossAt.
func (p *numericalPass) lossesVector(plus, minus []float64, rows []uint16, code []uint8, j int, scores *laneScores) int {
	return 0
}
