package kernel

// Floats returns make([]float64, n), its memory offered huge pages from
// 4 MiB up, as numpy offers its large arrays (huge_linux.go): the book's
// batches are drawn at random from 376 MB of training images, and with
// 4 KiB pages nearly every row missed the processor's page table cache.
func Floats(n int) []float64 {
	data := make([]float64, n)
	if n >= hugeAdvice/8 {
		adviseHuge(data)
	}
	return data
}
