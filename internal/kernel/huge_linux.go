package kernel

import (
	"syscall"
	"unsafe"
)

// hugeAdvice is the size from which Floats offers its memory to the
// operating system for huge pages, numpy's threshold: 4 MiB.
const hugeAdvice = 4 << 20

// adviseHuge asks Linux to back data's whole 2 MiB pages with huge pages
// (madvise MADV_HUGEPAGE), as numpy does for its large arrays. Each page
// is a translation the processor looks up and a fault at its first touch:
// the training images' 376 MB are 94000 pages of 4 KiB, and 188 of 2 MiB,
// few enough for the processor's translation cache while the book's
// batches are drawn from all over them. Advice only: where the kernel
// declines, nothing changes.
func adviseHuge(data []float64) {
	const huge = 2 << 20
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(data))), len(data)*8)
	start := (huge - uintptr(unsafe.Pointer(unsafe.SliceData(b)))%huge) % huge
	if uintptr(len(b)) < start+huge {
		return
	}
	n := (uintptr(len(b)) - start) / huge * huge
	syscall.Madvise(b[start:start+n], syscall.MADV_HUGEPAGE)
}
