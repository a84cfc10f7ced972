//go:build race

package train

// raceEnabled: under the race detector a training run is ten times
// slower; the tests that repeat runs for other reasons than concurrency
// do fewer of them there, and run in full in the plain builds.
const raceEnabled = true
