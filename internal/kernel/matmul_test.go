package kernel

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestMatMul: MatMul against MatMulNaive, bit for bit, in each of its
// three loops: a mostly zero (the loop that leaves zeros out), and dense
// (the blocked loop, or the vector build's); b finite, then with NaN and
// ±Inf, one of them facing a zero of a, which must not be left out; every
// count of rows modulo the blocks of three and four, every width to 20 and
// around the vector passes.
func TestMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	widths := []int{49, 50, 56, 57, 105, 113}
	for n := 1; n <= 20; n++ {
		widths = append(widths, n)
	}
	for _, k := range []int{1, 7, 100, 785} {
		for _, n := range widths {
			for _, m := range []int{1, 2, 3, 4, 5, 8, 9} {
				for _, sparse := range []bool{false, true} {
					a := randomRow(rng, m*k, len(special), 20)
					if sparse {
						for i := range a {
							if rng.IntN(5) != 0 {
								a[i] = special[rng.IntN(2)]
							}
						}
					}
					for _, specials := range []int{6, len(special)} { // b finite, then not
						b := randomRow(rng, k*n, specials, 10)
						if specials > 6 {
							a[0] = 0
							b[rng.IntN(n)] = math.Inf(1)
						}
						got, want := make([]float64, m*n), make([]float64, m*n)
						MatMul(got, a, b, m, k, n)
						MatMulNaive(want, a, b, m, k, n)
						if !sameBits(got, want) {
							t.Fatalf("%d×%d·%d×%d (sparse %v, %d kinds of special value in b): MatMul differs from the naive loop", m, k, k, n, sparse, specials)
						}
					}
				}
			}
		}
	}
}

// TestMatMulOnAnyCoreCount: the cores share rows, never a sum.
func TestMatMulOnAnyCoreCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 38))
	for _, dense := range []bool{false, true} {
		a, b := randomRow(rng, 203*784, 0, 1), randomRow(rng, 784*50, 0, 1)
		if !dense {
			for i := range a {
				if rng.IntN(5) != 0 {
					a[i] = 0
				}
			}
		}
		var results [2][]float64
		for r, procs := range []int{1, 3} {
			prev := runtime.GOMAXPROCS(procs)
			results[r] = make([]float64, 203*50)
			MatMul(results[r], a, b, 203, 784, 50)
			runtime.GOMAXPROCS(prev)
		}
		if !sameBits(results[0], results[1]) {
			t.Errorf("dense %v: 1 and 3 goroutines give different bits", dense)
		}
	}
}
