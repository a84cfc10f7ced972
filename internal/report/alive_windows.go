//go:build windows

package report

import "os"

// alive reports whether process pid exists: on Windows, finding a process
// opens it, and fails for one that has ended.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
