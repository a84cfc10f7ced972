package kernel

import (
	"math"
	"math/rand/v2"
)

// Normal draws standard normal deviates from R as math/rand/v2's
// NormFloat64 does, the same numbers from the same draws of R, but the
// same bits on every platform. rand/v2's own calls math.Log and math.Exp,
// whose last bits the platform decides, and its float32 arithmetic may be
// fused on arm64: now and then a weight of a run would differ by a unit
// in the last place. The method is the ziggurat of Marsaglia and Tsang
// (2000), with 128 strips: a draw falls inside its strip's rectangle
// ninety-nine times in a hundred, and is then j·w[i] for a random 32-bit
// j; otherwise it is accepted under the density's curve, or drawn from
// the tail past r = 3.442619855899.
type Normal struct{ R *rand.Rand }

// NormFloat64 returns the next standard normal deviate.
func (n Normal) NormFloat64() float64 {
	const rn = 3.442619855899
	for {
		u := n.R.Uint64()
		j := int32(u) // possibly negative
		i := u >> 32 & 0x7f
		x := float64(j) * float64(zig.w[i])
		abs := uint32(j)
		if j < 0 {
			abs = uint32(-j)
		}
		if abs < zig.k[i] {
			return x
		}
		if i == 0 {
			for {
				x = float64(-Log(n.R.Float64()) * (1.0 / rn))
				y := -Log(n.R.Float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return rn + x
			}
			return -rn - x
		}
		if zig.f[i]+float32(float32(n.R.Float64())*(zig.f[i-1]-zig.f[i])) < float32(Exp(-.5*x*x)) {
			return x
		}
	}
}

// zig holds the ziggurat's tables: k[i] bounds |j| inside strip i's
// rectangle, w[i] scales j to x, f[i] is the density e^(−x²/2) at the
// strip's edge. Marsaglia and Tsang's own recurrence computes them; it
// gives math/rand/v2's tables to the last bit (TestNormalIsRandV2s).
var zig = func() (z struct {
	k    [128]uint32
	w, f [128]float32
}) {
	const m1 = 1 << 31
	const v = 9.91256303526217e-3 // the area of each strip
	dn := 3.442619855899
	tn := dn
	q := v / Exp(-.5*dn*dn)
	z.k[0], z.k[1] = uint32(dn/q*m1), 0
	z.w[0], z.w[127] = float32(q/m1), float32(dn/m1)
	z.f[0], z.f[127] = 1, float32(Exp(-.5*dn*dn))
	for i := 126; i >= 1; i-- {
		dn = math.Sqrt(-2 * Log(v/dn+Exp(-.5*dn*dn)))
		z.k[i+1] = uint32(dn / tn * m1)
		tn = dn
		z.f[i] = float32(Exp(-.5 * dn * dn))
		z.w[i] = float32(dn / m1)
	}
	return z
}()
