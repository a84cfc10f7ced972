package tensor

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestAdviseHuge: a tensor of 64 MiB, once written, is backed at least in
// part by huge pages (the AnonHugePages of its mapping in
// /proc/self/smaps), where the kernel takes the advice; and the advice
// leaves short or unaligned pieces of memory as they are.
func TestAdviseHuge(t *testing.T) {
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
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[always]") && !strings.Contains(string(mode), "[madvise]") {
		t.Skipf("this kernel gives no huge pages on advice (transparent_hugepage: %q)", mode)
	}
	x := Zeros(8<<20, 1)
	for i := range x.data {
		x.data[i] = 1
	}
	// The advice covers whole 2 MiB pages, a mapping of their own: ask
	// for the one holding the tensor's middle.
	kb := hugeKB(t, uintptr(unsafe.Pointer(&x.data[len(x.data)/2])))
	if kb == 0 {
		t.Errorf("a %d MiB tensor has no huge pages", len(x.data)*8>>20)
	}
}

// hugeKB returns the AnonHugePages of the mapping holding addr.
func hugeKB(t *testing.T, addr uintptr) int {
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
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= addr && addr < hi
			continue
		}
		var kb int
		if in {
			if n, _ := fmt.Sscanf(line, "AnonHugePages: %d kB", &kb); n == 1 {
				return kb
			}
		}
	}
	return 0
}
