package kernel

import (
	"math/rand/v2"
	"testing"
)

// TestGather: each row of dst is the row of src that idx names, element
// for element, for batches small enough for one core and large enough
// for several, rows repeated, rows of one value and of none.
func TestGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	for _, c := range []struct{ rows, width, batch int }{{10, 3, 4}, {1000, 784, 600}, {5, 1, 9}, {4, 0, 3}, {6, 2, 0}} {
		src := randomRow(rng, c.rows*c.width, len(special), 7)
		idx := make([]int, c.batch)
		for i := range idx {
			idx[i] = rng.IntN(c.rows)
		}
		dst := randomRow(rng, c.batch*c.width, 0, 1)
		Gather(dst, src, idx, c.width)
		for i, r := range idx {
			if !sameBits(dst[i*c.width:(i+1)*c.width], src[r*c.width:(r+1)*c.width]) {
				t.Fatalf("%d rows of %d: row %d is not source row %d", c.batch, c.width, i, r)
			}
		}
	}
}
