//go:build !unix && !windows

package report

// alive reports whether process pid exists. Where the program is the only
// process (WebAssembly), a lock left is its own earlier run's.
func alive(pid int) bool { return false }
