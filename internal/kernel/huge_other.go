//go:build !linux

package kernel

// hugeAdvice and adviseHuge: only Linux takes the advice (huge_linux.go).
const hugeAdvice = 1 << 62

func adviseHuge([]float64) {}
