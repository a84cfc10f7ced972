// Package sysmem tells how much memory the machine gives this program, so
// that a run too large for it is refused before it starts rather than
// killed part way.
package sysmem

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Limit returns the most memory the program can use, in bytes: the
// machine's physical memory (MemTotal in /proc/meminfo), or its control
// group's memory limit where that is lower (cgroup v2's memory.max,
// v1's memory.limit_in_bytes), and never more than the program can
// address (2 GiB on a 32-bit platform). Where none of these files can be
// read, on systems other than Linux, it is only the address space's bound.
func Limit() int64 { return limitOf(os.ReadFile) }

// limitOf is Limit with the files read by read.
func limitOf(read func(string) ([]byte, error)) int64 {
	limit := addressable()
	b, err := read("/proc/meminfo")
	if err != nil {
		return limit
	}
	if total, ok := memTotal(string(b)); ok {
		limit = min(limit, total)
	}
	cg, _ := read("/proc/self/cgroup")
	for _, f := range limitFiles(string(cg)) {
		if b, err := read(f); err == nil {
			if l, ok := parseLimit(string(b)); ok {
				limit = min(limit, l)
			}
		}
	}
	return limit
}

// addressable is the most memory a program of this platform can hope to
// allocate: no bound on a 64-bit one; on a 32-bit one (386, arm, wasm)
// 2 GiB of its 4 GiB address space, the rest being the program's code,
// stacks and the runtime's, and the room to place a large array whole.
func addressable() int64 {
	if strconv.IntSize == 32 {
		return 2 << 30
	}
	return math.MaxInt64
}

// memTotal reads MemTotal from the text of /proc/meminfo, given in kB:
//
//	MemTotal:       24683584 kB
func memTotal(meminfo string) (int64, bool) {
	sc := bufio.NewScanner(strings.NewReader(meminfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || kb <= 0 || kb >= 1<<53 { // its bytes, kb·2^10, must fit in an int64
				return 0, false
			}
			return kb << 10, true
		}
	}
	return 0, false
}

// limitFiles lists the files that may hold the program's memory limit,
// given the text of /proc/self/cgroup ("0::/path" for cgroup v2,
// "4:memory:/path" for v1): the group's own and, as a container sees
// its group mounted at the root, the root's.
func limitFiles(cgroup string) []string {
	var files []string
	sc := bufio.NewScanner(strings.NewReader(cgroup))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), ":", 3)
		if len(f) != 3 {
			continue
		}
		switch {
		case f[0] == "0" && f[1] == "":
			files = append(files, filepath.Join("/sys/fs/cgroup", f[2], "memory.max"), "/sys/fs/cgroup/memory.max")
		case strings.Contains(","+f[1]+",", ",memory,"):
			files = append(files, filepath.Join("/sys/fs/cgroup/memory", f[2], "memory.limit_in_bytes"), "/sys/fs/cgroup/memory/memory.limit_in_bytes")
		}
	}
	return files
}

// parseLimit reads a control group's memory limit: a number of bytes, or
// "max" (v2) for none; v1 writes a number near 2⁶³ for none.
func parseLimit(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "max" {
		return 0, false
	}
	l, err := strconv.ParseInt(s, 10, 64)
	if err != nil || l <= 0 {
		return 0, false
	}
	return l, true
}
