//go:build !unix

package platformtest

import "testing"

const unix = false

// FIFO reports false: this system has no named pipes in its folders.
func FIFO(t testing.TB, path string) bool { return false }

// Device returns "": this system has no device files in its folders.
func Device() string { return "" }
