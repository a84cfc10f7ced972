// Package sysmem tells how much memory the machine gives this program, so
// that a run too large for it is refused before it starts rather than
// killed part way.
package sysmem

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Limit returns the most memory the program can use, in bytes: the
// machine's physical memory (MemTotal in /proc/meminfo), or its control
// group's memory limit where that is lower (cgroup v2's memory.max,
// v1's memory.limit_in_bytes). ok is false where neither can be read, on
// systems other than Linux.
func Limit() (bytes int64, ok bool) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	bytes, ok = memTotal(string(b))
	if !ok {
		return 0, false
	}
	cg, _ := os.ReadFile("/proc/self/cgroup")
	for _, f := range limitFiles(string(cg)) {
		if b, err := os.ReadFile(f); err == nil {
			if l, ok := parseLimit(string(b)); ok && l < bytes {
				bytes = l
			}
		}
	}
	return bytes, true
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
			if err != nil || kb <= 0 || kb > 1<<53 {
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
