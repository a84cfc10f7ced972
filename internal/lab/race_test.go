//go:build race

package lab

// raceEnabled: the race detector slows the training tenfold.
const raceEnabled = true
