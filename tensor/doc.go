// Package tensor is a dense, row-major float64 tensor with numpy's semantics,
// written with the standard library only. It is the one numeric type the rest
// of the project stands on.
//
// A Tensor is a shape plus flat data: element (i, j) of a (2, 3) tensor lives
// at data[i*3+j]. Rank 0 (a scalar), rank 1 (a vector) and any higher rank are
// allowed; an axis may have length 0.
//
//	a := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3) // [[1. 2. 3.] [4. 5. 6.]]
//	b := tensor.New([]float64{10, 20, 30}, 3)           // [10. 20. 30.]
//	tensor.Add(a, b)                                    // [[11. 22. 33.] [14. 25. 36.]]
//	tensor.Sum(a, 0, false)                             // [5. 7. 9.]
//
// # Broadcasting
//
// Element-wise operations follow numpy's broadcasting rules: the two shapes
// are aligned from the right, and along each axis the lengths must be equal or
// one of them must be 1 (or missing), in which case that operand is stretched.
// Shapes (100, 50) and (50) broadcast to (100, 50); (4, 1, 3) and (5, 1) to
// (4, 5, 3); (100, 50) and (10, 3) do not broadcast.
//
// # Misuse panics
//
// Shapes that cannot broadcast, an axis out of range, an index out of range or
// a reshape to a different size are programmer errors, as an out-of-range
// slice index is in Go. They panic with a message that names the operation
// and the shapes involved, for example
//
//	tensor: Add: shapes [100 50] and [10 3] cannot be broadcast
//
// Data that comes from outside the program (files, flags) is validated by the
// packages that read it and reported as an error before it reaches this one.
//
// # Allocation and aliasing
//
// Functions such as Add, Sum and MatMul allocate and return a new tensor and
// never modify their operands. The element-wise AddTo, SubTo, MulTo and
// DivTo write into a destination instead, numpy's a += b and its kin:
//
//   - dst must already have exactly the result's shape; it is never resized.
//   - dst may be one of the operands itself, which makes the operation in
//     place: SubTo(w, w, g) is w -= g. Any other overlap is not allowed.
//
// New, Reshape and Data share storage rather than copy: the tensor returned
// by Reshape and the slice returned by Data see every later change. Clone
// makes an independent copy.
//
// # Determinism
//
// Every result depends only on the operands, never on the number of cores:
// large matrix products are split across the cores (package
// internal/parallel) by output rows, and each output element is always summed
// in the same order, the order of MatMulNaive's textbook loop; large
// element-wise operations, Map and Rows are split by elements or rows, each
// computed as it would be alone. So Map's function must depend on its
// argument alone: on a large tensor it is called from several goroutines.
//
// Nor on the machine: every result is the same bits on amd64 at any
// GOAMD64 level, arm64, 386 and wasm. Go may compute x*y + z with one
// rounding instead of two (on arm64, and amd64 with GOAMD64=v3), so each
// product that is added to something is written float64(x*y) + z, which it
// must not fuse; and Exp and Log are the project's own, not package
// math's, whose last bits the platform decides (dlfs/internal/kernel).
//
// # Speed, and what is not here
//
// MatMul is the hot path of the book's code, and is tuned where a reader
// need not look (matmul_kernel.go, and matmul_vector.go in the
// GOEXPERIMENT=simd build): it leaves out the terms of a's zeros, which
// add nothing, and keeps every bit of MatMulNaive (the argument is beside
// the kernel). On Linux a tensor of 4 MiB or more is offered huge pages,
// as numpy's arrays are (huge_linux.go). The training engine's kernels (sparse products, fused row
// passes, float32 evaluation) live in dlfs/internal/engine, beside the
// book's code, not in it: this package is the numpy a reader of the book
// knows.
package tensor
