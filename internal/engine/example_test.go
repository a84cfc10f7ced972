package engine_test

import (
	"fmt"

	"dlfs/internal/engine"
	"dlfs/tensor"
)

// Two images of four pixels, mostly zero as MNIST's are: only the non-zero
// pixels are stored and multiplied, and the product is tensor.MatMul's to
// the bit.
func ExampleSparseMulTo() {
	x := tensor.New([]float64{0, 0.5, 0, 1, 0, 0, 0.25, 0}, 2, 4)
	s := engine.SparseOf(x)
	w := tensor.New([]float64{1, 2, 3, 4, 5, 6, 7, 8}, 4, 2)
	fmt.Println(s.NNZ(), "entries stored of", x.Size())
	fmt.Println(engine.SparseMulTo(tensor.Zeros(2, 2), s, w))
	fmt.Println(engine.SparseTMulTo(tensor.Zeros(4, 2), s, tensor.New([]float64{1, 0, 0, 1}, 2, 2)))
	fmt.Println(tensor.MatMul(x, w))
	// Output:
	// 3 entries stored of 8
	// [[ 8.5  10.  ]
	//  [ 1.25  1.5 ]]
	// [[0.   0.  ]
	//  [0.5  0.  ]
	//  [0.   0.25]
	//  [1.   0.  ]]
	// [[ 8.5  10.  ]
	//  [ 1.25  1.5 ]]
}
