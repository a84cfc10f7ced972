package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTranspose: Transpose against TransposeNaive, bit for bit, for every
// shape to 20×20 (each remainder of the blocks of four and eight and the
// squares' edges), the book's (100, 784), (100, 50) and (50, 10), and
// shapes beyond a square of 32; values include −0 and NaN with a
// payload, which only moving them keeps.
func TestTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	shapes := [][2]int{{100, 784}, {100, 50}, {50, 10}, {784, 100}, {33, 65}, {64, 31}, {1, 100}, {100, 1}}
	for m := 0; m <= 20; m++ {
		for n := 0; n <= 20; n++ {
			shapes = append(shapes, [2]int{m, n})
		}
	}
	payload := math.Float64frombits(0x7ff8_0000_dead_beef)
	for _, s := range shapes {
		m, n := s[0], s[1]
		a := randomRow(rng, m*n, len(special), 10)
		for i := range a {
			if rng.IntN(10) == 0 {
				a[i] = payload
			}
		}
		got, want := randomRow(rng, m*n, 0, 1), make([]float64, m*n)
		Transpose(got, a, m, n)
		TransposeNaive(want, a, m, n)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%d×%d: element %d of the transpose is %x, want %x", m, n, i, math.Float64bits(got[i]), math.Float64bits(want[i]))
			}
		}
	}
}
