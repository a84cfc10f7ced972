//go:build unix

package report

import (
	"errors"
	"syscall"
)

// alive reports whether process pid exists: a signal 0 reaches it, or
// may not (it is another user's).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
