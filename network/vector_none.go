//go:build !(goexperiment.simd && amd64)

package network

// sigmoidVector is sigmoidRow's vector part where there is none (see
// vector.go): it leaves every element to sigmoidFast.
func sigmoidVector(z, a []float64) int { return 0 }
