// Package engine is the tuned room beside the book: the same §4.5 training
// step, numerical gradient and evaluation as package network writes them,
// made fast enough that `go run .` trains in seconds. Read network first;
// this package only changes how the numbers are computed, not which.
//
// # Contract
//
// A Trainer's update (Backward, Update, UpdatedLoss), Gradient, Loss and
// Correct compute network.TwoLayerNet's Gradient, the update
// θ ← θ − lr·∂L/∂θ, Loss and Accuracy; the tests
// hold them to the book layer within 1e-12 relative (the loss is summed
// in order where np.sum adds pairwise, the sigmoid's input is clipped, and
// a1 is summed in two parts), and Correct and the Evaluator to the exact
// count.
// Trainer.NumericalGradient is TwoLayerNet.NumericalGradient's central
// differences within 1e-10. Every product is held bit for bit to a naive
// reference (tensor.MatMulNaive; its loops are dlfs/internal/kernel's,
// tested there against theirs), every activation to network.Sigmoid's
// formula. Every result
// is the same bits on any number of cores, in either build
// (GOEXPERIMENT=simd or not) and on every machine: each product added to a
// sum is written float64(x*y) + z, which Go must not fuse into one
// rounding, and e^x and ln x are dlfs/internal/kernel's.
//
// # Where the speed comes from
//
// Each lever was kept because a benchmark said so; docs/performance.md has
// the before and after of each.
//
//   - Sparse inputs (sparse.go, kernels.go). MNIST pixels are 81% zero; a
//     batch is a Sparse matrix of MNIST's own bytes, a column and a level
//     an entry (Gather copies 3 bytes an entry), and x·W1 and xᵀ·da1, nine
//     tenths of a step's arithmetic, skip the zero terms, which add
//     exactly 0: the sums are bit-identical. The loops are
//     internal/kernel's SumRows, which keeps nine running sums in
//     registers, so nine additions advance together.
//   - Fused passes (step.go). Work that is independent image by image (the
//     forward pass, the output error, the backward pass to da1) is one
//     pass over the images, each image's values used while in cache; each
//     parameter row takes its step right after its gradient.
//   - Pixel halves (step.go, pixelParts). The two cores split x·W1, xᵀ·da1 and W1's
//     update by pixels, so each reads and writes only its own rows of W1.
//   - The project's own exp (internal/kernel): table-driven, no division,
//     about twice as fast as math.Exp, and the same bits on every platform.
//   - A worker pool (internal/parallel) whose workers poll briefly between
//     calls, since waking a parked goroutine costs more than a kernel;
//     loops cut in chunks that a core the machine takes away leaves to
//     the others, and no sharing at all while it does not pay.
//   - No allocation per step: every buffer and pass is kept.
//   - Vector registers (built by GOEXPERIMENT=simd on a CPU with AVX-512):
//     the sparse products and z1·W2 two images at a time
//     (internal/kernel), dy·W2ᵀ, the sigmoid and the softmax's
//     exponentials (vector.go, vector_activation.go), eight values at a time,
//     each rounding in the scalar code's order, so the bits are the same;
//     da1's rows padded to whole cache lines, so that no vector load of
//     xᵀ·da1 straddles two.
//   - Evaluations in float32 (approx.go, vector build). An accuracy needs
//     each image's class, not its scores' last bits: x·W1 is taken in
//     float32, sixteen values an instruction, a class is kept when its
//     score leads every other by more than a proven bound on the rounding
//     errors, and the few images left uncertain are predicted again
//     exactly, so the count is Correct's, image for image.
//   - The numerical gradient (numgrad.go) recomputes only what perturbing
//     a parameter changes: the loss of the images that see it.
//
// # Reading the step
//
// An update is the book's gradient in order, as the three calls that
// train's loop makes one a line: Backward (forward a1, z1, a2, y; output
// error dy; backward dz1 = dy·W2ᵀ, da1 = σ'(a1) ⊙ dz1), Update (the
// gradients, each parameter row stepped right after its own) and
// UpdatedLoss. The names are the book's (two_layer_net.py).
package engine
