//go:build !(goexperiment.simd && amd64)

package tensor

// The sparse kernel's vector part where there is none (see vector.go): the
// scalar loops do all the work.

// vectorColumns leaves every column of sparseRow's out to its scalar loops.
func vectorColumns(out []float64, idx []int32, val []float64, w []float64, n int) int {
	return 0
}
