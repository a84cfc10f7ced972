// Package kernel is the project's one room of tuned arithmetic: the loops
// that make the book's code and the training engine fast, each beside the
// naive reference its tests hold it to, and the arithmetic the project
// writes itself so that every result is the same bits on every machine Go
// runs on: amd64 at any GOAMD64 level, arm64, 386 and wasm, in both builds.
// Package tensor calls it for MatMul, Exp, element-wise arithmetic,
// Transpose, Rows and large arrays, and internal/engine for its products;
// a reader of the book need not open it.
//
// # The products
//
// MatMul, SumRows (a row of a product whose left factor is sparse) and
// VecMat each take every sum in MatMulNaive's order, a product rounded and
// then added, from +0, so their bits are the naive loop's: they win their
// speed from the order of the loads (b transposed, blocks of sums in
// registers), from leaving out the terms of a's zeros (exact: adding ±0
// to a sum that starts at +0 changes nothing, as long as b is finite), from
// the cores (which share rows, never a sum) and, in the GOEXPERIMENT=simd
// build on a CPU with AVX-512, from vectors of eight sums (vector.go),
// each lane rounding as the scalar loop does. Their references are
// MatMulNaive, SumRowsNaive and VecMatNaive.
//
// # The same bits everywhere
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
// Files:
//
//	matmul.go        MatMul and MatMulNaive: the three loops of a product
//	rows.go          SumRows, VecMat and their references; Finite; a row's non-zeros
//	vector.go        the same loops on AVX-512 vectors (GOEXPERIMENT=simd; vector_none.go without); Transpose's 8×8 blocks
//	arith.go         Arith.Apply and ApplyNaive: tensor's add, subtract, multiply and divide (arith_vector.go on vectors)
//	transpose.go     Transpose and TransposeNaive: a matrix in squares
//	gather.go        Gather: a batch's rows, the cores sharing them
//	exp_vector.go    Exp8, Exp on eight lanes, and ExpShifted's vector loop
//	exp.go           Exp, Tang's table-driven e^x; ExpShifted, the softmax's; ExpTo, on the cores
//	log.go           Log, ln x by the atanh series
//	normal.go        Normal, the ziggurat of rand/v2
//	floats.go        Floats: numpy's huge pages for large arrays (huge_linux.go), a collection before the largest
package kernel
