//go:build race

package platformtest

// Race reports whether the race detector is built in. Under it a training
// run is ten times slower: tests that repeat runs for other reasons than
// concurrency do fewer of them, or leave them to the plain builds.
const Race = true
