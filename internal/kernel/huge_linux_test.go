package kernel

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// TestAdviseHuge: Floats of 4 MiB, numpy's threshold, and of 64 MiB are
// advised for huge pages (their mapping in /proc/self/smaps carries the
// flag "hg"; whether the kernel then finds free huge pages is its own
// affair), where the kernel takes the advice, and so is exactly one
// aligned 2 MiB page; and the advice leaves short or unaligned pieces of
// memory as they are.
func TestAdviseHuge(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[always]") && !strings.Contains(string(mode), "[madvise]") {
		t.Skipf("this kernel gives no huge pages on advice (transparent_hugepage: %q)", mode)
	}
	// First, before any memory of the test has been advised: the advice
	// covers whole 2 MiB pages, a mapping of their own, and the middle of
	// 4 MiB is always in one.
	for _, n := range []int{hugeAdvice / 8, 8 << 20} {
		x := Floats(n)
		if flags := vmFlags(t, uintptr(unsafe.Pointer(&x[n/2]))); !slices.Contains(flags, "hg") {
			t.Errorf("Floats of %d MiB: its mapping has flags %v, want hg among them", n*8>>20, flags)
		}
	}
	// Exactly one whole 2 MiB page is advised too.
	const huge = 2 << 20
	buf := make([]float64, 3*huge/8)
	off := int((huge - uintptr(unsafe.Pointer(&buf[0]))%huge) % huge / 8)
	page := buf[off : off+huge/8]
	mid := uintptr(unsafe.Pointer(&page[len(page)/2]))
	if slices.Contains(vmFlags(t, mid), "hg") {
		t.Log("the memory for one aligned huge page was advised before: that case is untried")
	} else if adviseHuge(page); !slices.Contains(vmFlags(t, mid), "hg") {
		t.Errorf("one aligned 2 MiB page: its mapping has flags %v, want hg among them", vmFlags(t, mid))
	}
	for _, n := range []int{0, 1, 1000, 262143, 262144, 600001} {
		data := make([]float64, n+3)
		for i := range data {
			data[i] = float64(i)
		}
		adviseHuge(data[3:])
		for i, v := range data {
			if v != float64(i) {
				t.Fatalf("adviseHuge of %d values changed element %d", n, i)
			}
		}
	}
}

// vmFlags returns the VmFlags of the mapping holding addr.
func vmFlags(t *testing.T, addr uintptr) []string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.Fields(flags)
		}
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", addr)
	return nil
}
