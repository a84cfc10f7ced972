package kernel

import "runtime"

// Floats returns make([]float64, n), its memory offered huge pages from
// 4 MiB up, as numpy offers its large arrays (huge_linux.go): the book's
// batches are drawn at random from 376 MB of training images, and with
// 4 KiB pages nearly every row missed the processor's page table cache.
//
// An array of collectBefore bytes or more is allocated after a
// collection. numpy frees an array the moment it is dropped, and the
// book's evaluation makes its 24 MB arrays one after another, each
// dropped as the next is made; Go's collector, which runs beside the
// program, would still be freeing the last while the next is allocated,
// and the heap would grow by one more such array for each evaluation's
// run of them. A collection costs about a millisecond here, against the
// tens of milliseconds of work on an array that size.
func Floats(n int) []float64 {
	if n >= collectBefore/8 {
		runtime.GC()
	}
	data := make([]float64, n)
	if n >= hugeAdvice/8 {
		adviseHuge(data)
	}
	return data
}

// collectBefore is the size from which Floats collects first: 16 MiB,
// between the book's largest array in a step (its 627 KB batch) and in
// an evaluation (60000 images × 50 hidden units, 24 MB).
const collectBefore = 16 << 20
