package tensor

import (
	"syscall"
	"unsafe"
)

// hugeAdvice is the size from which a tensor's memory is offered to the
// kernel for huge pages, numpy's threshold: 4 MiB.
const hugeAdvice = 4 << 20

// adviseHuge asks Linux to back data's whole 2 MiB pages with huge pages
// (madvise MADV_HUGEPAGE), as numpy does for its large arrays. A 4 KiB
// page is a translation the processor must look up: reading rows at random
// from the training images' 376 MB, nearly every row misses the TLB twice;
// with 2 MiB pages the whole array takes 188 entries. Advice only: where
// the kernel declines, nothing changes.
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
