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
// RowsTo writes a mini-batch into a destination too, np.take's out=: dst
// has Rows' shape and must not share storage with its source.
//
// New, Reshape and Data share storage rather than copy: the tensor returned
// by Reshape and the slice returned by Data see every later change. Clone
// makes an independent copy.
//
// # Determinism
//
// Every result depends only on the operands, never on the number of cores
// or the machine: each element is computed on its own, and each sum in one
// fixed order (MatMul's in MatMulNaive's order, SumAll's and Sum's
// pairwise, as numpy's np.sum). Every result is the same bits on amd64 at
// any GOAMD64 level, arm64, 386 and wasm. Go may compute x*y + z with one
// rounding instead of two (on arm64, and amd64 with GOAMD64=v3), so each
// product that is added to something is written float64(x*y) + z, which it
// must not fuse; and Exp and Log are the project's own, not package
// math's, whose last bits the platform decides.
//
// # Plain loops, and the calls that are not
//
// Every function here is a plain loop a reader can follow beside numpy's
// documentation. A few hand their loop to dlfs/internal/kernel, the
// project's one room of tuned arithmetic, each for a reason a benchmark
// gave, and each to a loop there that its tests hold to a naive one, bit
// for bit: MatMul (the hot path of the book's code: the cores share the
// rows, a's zeros are left out where that is exact), Exp (the project's
// own e^x, the cores sharing a large tensor), the four arithmetic
// operations on a whole operand with a whole one or a single value (no
// bounds check an element, eight elements an instruction where the CPU
// has vectors), Transpose of a matrix (in squares that stay in the cache),
// Rows and RowsTo (the cores share a batch's far-apart rows) and Zeros
// (huge pages for large arrays, as numpy has them, and a collection
// before the largest).
//
// Files:
//
//	tensor.go       Tensor; New, Zeros, Full, Arange, RandN, OneHot; shape, Reshape, Rows, RowsTo, AllClose
//	broadcast.go    numpy's broadcasting; Add, Sub, Mul, Div, Maximum, Minimum and their To forms
//	elementwise.go  the loop of each element-wise operation
//	map.go          Map, Exp, Log, Neg, Clip
//	reduce.go       Sum, Max, Mean, Argmax along an axis; SumAll and the rest of the whole tensor
//	matmul.go       MatMul, MatMulNaive, Dot, Transpose
//	iter.go         Indices: every multi-index in numpy's order
//	format.go       String: numpy's printing
//	npy.go, npz.go  numpy's .npy and .npz files, read and written
package tensor
