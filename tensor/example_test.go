package tensor_test

import (
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
	fmt.Println(tensor.Dot(m, v))                   // matrix·vector
	fmt.Println(tensor.Dot(m, tensor.Transpose(m))) // matrix·matrix
	// Output:
	// 14.
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

func ExampleSparseMulTo() {
	// Two images of four pixels, mostly zero as MNIST's are: only the
	// non-zero pixels are stored and multiplied.
	x := tensor.New([]float64{0, 0.5, 0, 1, 0, 0, 0.25, 0}, 2, 4)
	s := tensor.SparseOf(x)
	w := tensor.New([]float64{1, 2, 3, 4, 5, 6, 7, 8}, 4, 2)
	fmt.Println(s.NNZ(), "entries stored of", x.Size())
	fmt.Println(tensor.SparseMulTo(tensor.Zeros(2, 2), s, w))
	// The parts of row 0 from pixels [0, 2) and [2, 4), as the two cores of
	// a training step compute them, add up to the row.
	left, right := make([]float64, 2), make([]float64, 2)
	s.MulRowPartTo(left, 0, 0, 2, w)
	s.MulRowPartTo(right, 0, 2, 4, w)
	fmt.Println(left, right)
	// Output:
	// 3 entries stored of 8
	// [[ 8.5  10.  ]
	//  [ 1.25  1.5 ]]
	// [1.5 2] [7 8]
}
