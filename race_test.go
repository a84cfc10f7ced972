//go:build race

package main

// raceEnabled: the race detector slows the training runs of the
// end-to-end tests tenfold, and they share no memory between goroutines
// that the kernels' own tests under it do not; they run in the plain
// builds.
const raceEnabled = true
