package tensor_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"dlfs/tensor"
)

func Example() {
	// A tensor is a shape plus flat row-major data.
	x := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	fmt.Println(x.Shape(), x.Size(), x.At(1, 2))
	fmt.Println(x)
	// Output:
	// [2 3] 6 6
	// [[1. 2. 3.]
	//  [4. 5. 6.]]
}

func ExampleAdd() {
	// Broadcasting: the bias vector is added to every row, as x·W + b does.
	a := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	b := tensor.New([]float64{10, 20, 30}, 3)
	fmt.Println(tensor.Add(a, b))
	// A column (2, 1) against a row (3) stretches both to (2, 3).
	fmt.Println(tensor.Mul(tensor.New([]float64{1, 2}, 2, 1), b))
	// Output:
	// [[11. 22. 33.]
	//  [14. 25. 36.]]
	// [[10. 20. 30.]
	//  [20. 40. 60.]]
}

func ExampleSum() {
	a := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	fmt.Println(tensor.Sum(a, 0, false))
	fmt.Println(tensor.Sum(a, -1, false))
	keep := tensor.Sum(a, -1, true) // (2, 1): broadcasts back against a
	fmt.Println(keep.Shape(), tensor.Div(a, keep).At(1, 2))
	fmt.Println(tensor.SumAll(a))
	// Output:
	// [5. 7. 9.]
	// [ 6. 15.]
	// [2 1] 0.4
	// 21
}

func ExampleArgmax() {
	// The predicted class of each row, as np.argmax(y, axis=1).
	y := tensor.New([]float64{0.1, 0.8, 0.1, 0.3, 0.1, 0.6}, 2, 3)
	fmt.Println(tensor.Argmax(y, 1))
	// Output: [1 2]
}

func ExampleMax() {
	a := tensor.New([]float64{1, 5, 3, 4, 2, 6}, 2, 3)
	fmt.Println(tensor.Max(a, 1, true))
	// Output:
	// [[5.]
	//  [6.]]
}

func ExampleDot() {
	v := tensor.New([]float64{1, 2, 3}, 3)
	m := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	fmt.Println(tensor.Dot(v, v))                   // vector·vector: a scalar
	fmt.Println(tensor.Dot(v, v).Item() / 2)        // its value, a float64
	fmt.Println(tensor.Dot(m, v))                   // matrix·vector
	fmt.Println(tensor.Dot(m, tensor.Transpose(m))) // matrix·matrix
	// Output:
	// 14.0
	// 7
	// [14. 32.]
	// [[14. 32.]
	//  [32. 77.]]
}

func ExampleMatMul() {
	a := tensor.New([]float64{1, 2, 3, 4}, 2, 2)
	b := tensor.New([]float64{5, 6, 7, 8}, 2, 2)
	fmt.Println(tensor.MatMul(a, b))
	// Output:
	// [[19. 22.]
	//  [43. 50.]]
}

func ExampleRows() {
	// x_train[batch_mask] in the book.
	x := tensor.New([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	fmt.Println(tensor.Rows(x, []int{2, 0}))
	// Output:
	// [[5. 6.]
	//  [1. 2.]]
}

func ExampleOneHot() {
	fmt.Println(tensor.OneHot([]int{2, 0}, 3))
	// Output:
	// [[0. 0. 1.]
	//  [1. 0. 0.]]
}

func ExampleRandN() {
	// The same seed always gives the same weights.
	w1 := tensor.RandN(rand.New(rand.NewPCG(0, 0)), 2, 2)
	w2 := tensor.RandN(rand.New(rand.NewPCG(0, 0)), 2, 2)
	fmt.Println(tensor.AllClose(w1, w2, 0, 0))
	// Output: true
}

func ExampleTensor_Indices() {
	// np.nditer(x, flags=['multi_index']): every index in C order.
	x := tensor.Zeros(2, 2)
	for idx := range x.Indices() {
		fmt.Print(idx, " ")
	}
	fmt.Println()
	// Output: [0 0] [0 1] [1 0] [1 1]
}

func ExampleTensor_Reshape() {
	x := tensor.Arange(0, 6, 1)
	fmt.Println(x.Reshape(2, -1))
	// Output:
	// [[0. 1. 2.]
	//  [3. 4. 5.]]
}

func ExampleSetPrintPrecision() {
	x := tensor.New([]float64{1.0 / 3, 2.0 / 3}, 2)
	fmt.Println(x)
	prev := tensor.SetPrintPrecision(3)
	fmt.Println(x)
	tensor.SetPrintPrecision(prev)
	fmt.Printf("%.2v\n", x) // or for one call only
	// Output:
	// [0.33333333 0.66666667]
	// [0.333 0.667]
	// [0.33 0.67]
}

func ExampleClip() {
	fmt.Println(tensor.Clip(tensor.New([]float64{-5, 0.5, 5}, 3), -1, 1))
	// Output: [-1.   0.5  1. ]
}

// The in-place forms of numpy's a -= b, a += b, a *= b and a /= b: the
// destination is the first operand.
func ExampleSubTo() {
	w := tensor.New([]float64{1, 2, 3}, 3)
	g := tensor.New([]float64{10, 20, 30}, 3)
	tensor.SubTo(w, w, tensor.MulScalar(g, 0.1)) // w -= 0.1 * g, the book's update
	fmt.Println(w)
	tensor.AddTo(w, w, tensor.Scalar(1)) // w += 1
	tensor.MulTo(w, w, g)                // w *= g
	tensor.DivTo(w, w, tensor.Scalar(4)) // w /= 4
	fmt.Println(w)
	// Output:
	// [0. 0. 0.]
	// [2.5 5.  7.5]
}

// The element-wise operations with a scalar, and numpy's maximum, minimum,
// exp, log and negation.
func ExampleMaximum() {
	a := tensor.New([]float64{-2, 0, 2}, 3)
	fmt.Println(tensor.AddScalar(a, 1), tensor.SubScalar(a, 1), tensor.DivScalar(a, 4))
	fmt.Println(tensor.Maximum(a, tensor.Scalar(0)), tensor.Minimum(a, tensor.Scalar(0)), tensor.Neg(a))
	fmt.Println(tensor.Exp(tensor.Log(tensor.Full(2, 2))))
	// Output:
	// [-1.  1.  3.] [-3. -1.  1.] [-0.5  0.   0.5]
	// [0. 0. 2.] [-2.  0.  0.] [ 2. -0. -2.]
	// [2. 2.]
}

// The whole-tensor reductions: numpy's a.sum(), a.mean(), a.max() and
// a.argmax(), the last an index into the flattened tensor.
func ExampleSumAll() {
	a := tensor.New([]float64{1, 5, 3, 4, 2, 6}, 2, 3)
	fmt.Println(tensor.SumAll(a), tensor.MeanAll(a), tensor.MaxAll(a), tensor.ArgmaxAll(a))
	fmt.Println(tensor.Mean(a, 0, false))
	// Output:
	// 21 3.5 6 5
	// [2.5 3.5 4.5]
}

// BroadcastShape is numpy's np.broadcast_shapes: the shape an element-wise
// operation on the two gives.
func ExampleBroadcastShape() {
	fmt.Println(tensor.BroadcastShape([]int{100, 50}, []int{50}))
	fmt.Println(tensor.BroadcastShape([]int{4, 1, 3}, []int{5, 1}))
	fmt.Println(tensor.BroadcastShape([]int{100, 50}, []int{10, 3}))
	// Output:
	// [100 50] true
	// [4 5 3] true
	// [] false
}

// MatMulNaive is the textbook triple loop that MatMul is tested against:
// the same products, summed in the same order, give the same bits.
func ExampleMatMulNaive() {
	a := tensor.Arange(0, 6, 1).Reshape(2, 3)
	b := tensor.DivScalar(tensor.Arange(0, 6, 1), 7).Reshape(3, 2)
	fmt.Println(tensor.MatMulNaive(a, b))
	fmt.Println(tensor.AllClose(tensor.MatMul(a, b), tensor.MatMulNaive(a, b), 0, 0), tensor.MaxAbsDiff(tensor.MatMul(a, b), tensor.MatMulNaive(a, b)))
	// Output:
	// [[1.42857143 1.85714286]
	//  [4.         5.71428571]]
	// true 0
}

// An array saved with WriteNPY is what numpy's np.save writes, and ReadNPY
// reads what np.save wrote; WriteNPZ and OpenNPZ do the same for np.savez and np.load.
func ExampleWriteNPY() {
	var buf bytes.Buffer
	if err := tensor.WriteNPY(&buf, tensor.New([]float64{1, 2, 3, 4}, 2, 2)); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%q\n", buf.Bytes()[:10])
	back, err := tensor.ReadNPY(buf.Bytes())
	fmt.Println(back, err)
	var z bytes.Buffer
	tensor.WriteNPZ(&z, []string{"W"}, []*tensor.Tensor{back})
	npz, err := tensor.OpenNPZ(bytes.NewReader(z.Bytes()), int64(z.Len()))
	if err != nil {
		fmt.Println(err)
	}
	w, err := npz.Read("W", nil)
	fmt.Println(npz.Names(), w.Shape(), err)
	// Output:
	// "\x93NUMPY\x01\x00v\x00"
	// [[1. 2.]
	//  [3. 4.]] <nil>
	// [W] [2 2] <nil>
}
