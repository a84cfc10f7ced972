// Package kernel is the arithmetic this project writes itself so that
// every result is the same bits on every machine Go runs on: amd64 at any
// GOAMD64 level, arm64, 386 and wasm, in both builds.
//
// Three things would otherwise decide the last bits by platform:
//
//   - Package math's exponential and logarithm. math.Exp is assembly on
//     amd64 and arm64 and Go elsewhere, math.Log assembly on amd64,
//     math.Exp2 assembly on arm64: each is within one unit in the last
//     place of the true value, but not always the same unit. Exp and Log
//     here are plain Go, and the tensor's np.exp and np.log, the book's
//     sigmoid, softmax and loss, and the engine all call them.
//   - math/rand/v2's NormFloat64, which calls math.Log and math.Exp and
//     whose float32 arithmetic may be fused: Normal draws the same
//     deviates from the same source, the same way everywhere, for the
//     initial weights of `go run .`.
//   - Fused multiply-adds. The Go specification lets the compiler compute
//     x*y + z with one rounding instead of two, and it does on arm64 and
//     on amd64 built with GOAMD64=v3. Each product that is added to
//     something on a result's path, here and in every package of the
//     project, is written float64(x*y) + z, which the specification
//     forbids it to fuse. A multiply-add asked for by name (math.FMA, a
//     vector's MulAdd) is one rounding everywhere, and stays.
//
// With these, a run's loss.csv and params.npz are the same bytes on every
// platform; TestNoFusedMultiplyAdd in this package compiles the project
// for arm64 and finds no fused instruction but math.FMA's.
//
// Files: exp.go (Exp, Tang's table-driven e^x), log.go (Log, ln x by
// atanh series), normal.go (Normal, the ziggurat of rand/v2).
package kernel
