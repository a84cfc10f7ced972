package sysmem

import (
	"math"
	"os"
	"slices"
	"strconv"
	"testing"
)

func TestMemTotal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"MemTotal:       24683584 kB\nMemFree:        24392368 kB\n", 24683584 * 1024, true},
		{"MemFree:        24392368 kB\nMemTotal: 1 kB\n", 1024, true},
		{"MemTotal:       24683584 MB\n", 0, false},
		{"MemTotal:       -5 kB\n", 0, false},
		{"MemTotal:       0 kB\n", 0, false},
		{"MemTotal:       99999999999999999999 kB\n", 0, false},
		{"MemTotal:       9007199254740991 kB\n", (1<<53 - 1) << 10, true}, // the most whose bytes an int64 holds
		{"MemTotal:       9007199254740992 kB\n", 0, false},
		{"", 0, false},
	} {
		if got, ok := memTotal(c.in); got != c.want || ok != c.ok {
			t.Errorf("memTotal(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestLimitFiles(t *testing.T) {
	got := limitFiles("9:name=systemd:/\n4:memory:/process_api/8c85\n3:cpu,cpuacct:/x\n0::/user.slice/a\n")
	want := []string{
		"/sys/fs/cgroup/memory/process_api/8c85/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
		"/sys/fs/cgroup/user.slice/a/memory.max", "/sys/fs/cgroup/memory.max",
	}
	if !slices.Equal(got, want) {
		t.Errorf("limitFiles = %q\nwant %q", got, want)
	}
}

func TestParseLimit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"max\n", 0, false},
		{"2147483648\n", 2147483648, true},
		{"9223372036854771712\n", 9223372036854771712, true},
		{"0\n", 0, false},
		{"lots", 0, false},
	} {
		if got, ok := parseLimit(c.in); got != c.want || ok != c.ok {
			t.Errorf("parseLimit(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestLimit: the address space's bound is 2 GiB on a 32-bit platform
// and none on a 64-bit one; on Linux the limit is at most the physical
// memory and each control group limit this process can read.
func TestLimit(t *testing.T) {
	if want := map[int]int64{32: 2 << 30, 64: math.MaxInt64}[strconv.IntSize]; addressable() != want {
		t.Errorf("addressable() = %d on a %d-bit platform, want %d", addressable(), strconv.IntSize, want)
	}
	got := Limit()
	if got <= 0 || got > addressable() {
		t.Errorf("Limit() = %d on a %d-bit platform", got, strconv.IntSize)
	}
	cg, _ := os.ReadFile("/proc/self/cgroup")
	for _, f := range limitFiles(string(cg)) {
		if b, err := os.ReadFile(f); err == nil {
			if l, ok := parseLimit(string(b)); ok && got > l {
				t.Errorf("Limit() = %d; %s says %d", got, f, l)
			}
		}
	}
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		t.Skip("no /proc/meminfo on this system")
	}
	if total, _ := memTotal(string(b)); got > total {
		t.Errorf("Limit() = %d; MemTotal is %d", got, total)
	}
}

// TestLimitOf: the limit is the least of the physical memory and the
// control group limits that can be read, the group's own and the root's,
// v1's and v2's; one that cannot be read, or says "max", is no limit.
func TestLimitOf(t *testing.T) {
	files := map[string]string{
		"/proc/meminfo":     "MemTotal:       8000000 kB\n",
		"/proc/self/cgroup": "4:memory:/job\n0::/user/a\n",
		"/sys/fs/cgroup/memory/job/memory.limit_in_bytes": "6000000000\n",
		"/sys/fs/cgroup/user/a/memory.max":                "max\n",
		"/sys/fs/cgroup/memory.max":                       "3000000000\n",
	}
	read := func(path string) ([]byte, error) {
		if s, ok := files[path]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	if got := limitOf(read); got != min(addressable(), 3000000000) {
		t.Errorf("limitOf = %d, want the root group's 3000000000", got)
	}
	delete(files, "/sys/fs/cgroup/memory.max")
	if got := limitOf(read); got != min(addressable(), 6000000000) {
		t.Errorf("limitOf = %d, want the v1 group's 6000000000", got)
	}
	delete(files, "/sys/fs/cgroup/memory/job/memory.limit_in_bytes")
	if got := limitOf(read); got != min(addressable(), 8000000*1024) {
		t.Errorf("limitOf = %d, want MemTotal's %d", got, int64(8000000*1024))
	}
	delete(files, "/proc/meminfo")
	if got := limitOf(read); got != addressable() {
		t.Errorf("limitOf without /proc/meminfo = %d, want the address space's %d", got, addressable())
	}
}
