package kernel

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
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
	skipWithoutAdvice(t)
	// First, before any memory of the test has been advised: the advice
	// covers whole 2 MiB pages, a mapping of their own, and the middle of
	// 4 MiB is always in one.
	const huge = 2 << 20
	for _, n := range []int{hugeAdvice / 8, 8 << 20} {
		x := Floats(n)
		if flags, lo, hi := mapping(t, uintptr(unsafe.Pointer(&x[n/2]))); !slices.Contains(flags, "hg") || lo%huge != 0 || hi%huge != 0 {
			t.Errorf("Floats of %d MiB: its mapping %#x–%#x has flags %v, want whole 2 MiB pages and hg among the flags", n*8>>20, lo, hi, flags)
		}
	}
	// Exactly one whole 2 MiB page is advised too.
	buf := make([]float64, 3*huge/8)
	off := int((huge - uintptr(unsafe.Pointer(&buf[0]))%huge) % huge / 8)
	page := buf[off : off+huge/8]
	mid := uintptr(unsafe.Pointer(&page[len(page)/2]))
	if slices.Contains(vmFlags(t, mid), "hg") {
		t.Log("the memory for one aligned huge page was advised before: that case is untried")
	} else if adviseHuge(page); !slices.Contains(vmFlags(t, mid), "hg") {
		t.Errorf("one aligned 2 MiB page: its mapping has flags %v, want hg among them", vmFlags(t, mid))
	}
	// A piece starting half way into a huge page: the advice starts at the
	// next whole one.
	buf2 := make([]float64, 4*huge/8)
	a := int((huge - uintptr(unsafe.Pointer(&buf2[0]))%huge) % huge / 8) // the first whole page
	piece := buf2[a+huge/16 : a+3*huge/8]                                // from half way into it to the end of the third
	inner := uintptr(unsafe.Pointer(&buf2[a+huge/8+10]))                 // in the second, the piece's first whole page
	if slices.Contains(vmFlags(t, inner), "hg") {
		t.Log("the memory for a piece over three huge pages was advised before: that case is untried")
	} else if adviseHuge(piece); true {
		if flags, lo, hi := mapping(t, inner); !slices.Contains(flags, "hg") || lo%huge != 0 || hi%huge != 0 {
			t.Errorf("a piece from half way into a huge page: the mapping %#x–%#x of its whole page has flags %v, want whole 2 MiB pages and hg", lo, hi, flags)
		}
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

// TestAdviseHugeFromNumpysSize: in a process of its own, where no memory
// has been advised before, Floats advises an array of exactly 4 MiB and
// not one of 8 bytes less.
func TestAdviseHugeFromNumpysSize(t *testing.T) {
	skipWithoutAdvice(t)
	const fresh = "DLFS_KERNEL_FRESH_PROCESS"
	if os.Getenv(fresh) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAdviseHugeFromNumpysSize$")
		cmd.Env = append(os.Environ(), fresh+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("in a process of its own: %v\n%s", err, out)
		}
		return
	}
	below, at := Floats(hugeAdvice/8-1), Floats(hugeAdvice/8)
	if flags := vmFlags(t, uintptr(unsafe.Pointer(&at[len(at)/2]))); !slices.Contains(flags, "hg") {
		t.Errorf("Floats of 4 MiB: its mapping has flags %v, want hg among them", flags)
	}
	if flags := vmFlags(t, uintptr(unsafe.Pointer(&below[len(below)/2]))); slices.Contains(flags, "hg") {
		t.Errorf("Floats of 4 MiB less 8 bytes: its mapping has flags %v, advised", flags)
	}
}

// skipWithoutAdvice skips a test where the kernel gives no huge pages on
// advice.
func skipWithoutAdvice(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[always]") && !strings.Contains(string(mode), "[madvise]") {
		t.Skipf("this kernel gives no huge pages on advice (transparent_hugepage: %q)", mode)
	}
}

// vmFlags returns the VmFlags of the mapping holding addr.
func vmFlags(t *testing.T, addr uintptr) []string {
	flags, _, _ := mapping(t, addr)
	return flags
}

// mapping returns the VmFlags and the bounds of the mapping holding addr.
func mapping(t *testing.T, addr uintptr) (flags []string, lo, hi uintptr) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var a, b uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &a, &b); n == 2 {
			if in = a <= addr && addr < b; in {
				lo, hi = a, b
			}
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.Fields(flags), lo, hi
		}
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", addr)
	return nil, 0, 0
}
