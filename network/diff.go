package network

// H is the step of the central difference, 10⁻⁴: small enough for a good
// approximation, large enough that x+h still differs from x in float64
// (§4.3.1).
const H = 1e-4

// NumericalDiff returns the central difference (f(x+h) − f(x−h)) / 2h with
// h = H, the book's numerical_diff (§4.3.1). Its error shrinks with h², where
// the forward difference's shrinks only with h.
func NumericalDiff(f func(float64) float64, x float64) float64 {
	return (f(x+H) - f(x-H)) / (2 * H)
}

// CentralDiff is NumericalDiff with the step h given, to see how the
// difference depends on it: from h = 1e-4 down, the rounding of f's values
// grows as h shrinks, until, below the spacing of floats near x, x±h is x
// and the result 0.
func CentralDiff(f func(float64) float64, x, h float64) float64 {
	return (f(x+h) - f(x-h)) / (2 * h)
}

// ForwardDiff returns (f(x+h) − f(x)) / h, the "bad example" of §4.3.1,
// kept to show its two faults. With h = 1e-50, x+h rounds back to x in
// float64 (the spacing of floats near 5 is about 9e-16), so the result is 0;
// and with a usable h it is centred on x+h/2, not x, so its error is of
// order h rather than h².
func ForwardDiff(f func(float64) float64, x, h float64) float64 {
	return (f(x+h) - f(x)) / h
}

// Function1 is y = 0.01x² + 0.1x (§4.3.2, equation 4.5), whose derivative
// 0.02x + 0.1 is 0.2 at 5 and 0.3 at 10. It is written 0.01*(x*x), the order
// numpy evaluates 0.01*x**2 in; 0.01*x*x rounds differently.
func Function1(x float64) float64 { return float64(0.01*(x*x)) + float64(0.1*x) }

// Tangent returns the slope and intercept of the tangent to f at x, with the
// slope from NumericalDiff: the line y = slope·t + intercept of the book's
// tangent_line (§4.3.2, Figure 4-7).
func Tangent(f func(float64) float64, x float64) (slope, intercept float64) {
	slope = NumericalDiff(f, x)
	return slope, f(x) - float64(slope*x)
}
