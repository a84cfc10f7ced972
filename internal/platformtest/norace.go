//go:build !race

package platformtest

// Race reports whether the race detector is built in (see race.go).
const Race = false
