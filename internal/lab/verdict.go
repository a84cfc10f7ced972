package lab

import (
	"fmt"
	"math"
)

// verdictWindow is the updates whose mean loss the verdict compares: a
// batch's loss is noisy, a hundred's mean is not.
const verdictWindow = 100

// verdictOf reads §4.4.1's lesson in the losses a run took at learning
// rate lr, or returns "" where they teach none. Too large, the first
// steps overshoot: the loss rises, or spikes and then stays near ln 10 ≈
// 2.303, the loss of a network that gives every digit the same 10%
// (saturated sigmoids pass nothing back). Too small, the loss barely
// moves: after 3 windows, within 2% of where it started. A network that
// learns leaves ln 10 within a few hundred updates.
//
//	verdictOf(losses of lr 10, 10)     // "lr 10 is too large: …"
//	verdictOf(losses of lr 0.001, 0.001) // "lr 0.001 is too small: …"
func verdictOf(losses []float64, lr float64) string {
	n := len(losses)
	if n < 3*verdictWindow {
		return ""
	}
	first, last := mean(losses[:verdictWindow]), mean(losses[n-verdictWindow:])
	peak := math.Inf(-1)
	for _, v := range losses {
		peak = max(peak, v)
	}
	switch {
	case last > first+0.1:
		return fmt.Sprintf("lr %v is too large: the loss rose from %.3f to %.3f; compare §4.4.1 with lr 10", lr, first, last)
	case peak > math.Ln10+1 && last > 0.85*math.Ln10:
		return fmt.Sprintf("lr %v is too large: the loss jumped to %.3g and stays at %.3f, close to ln 10 = %.3f, the loss of a network that gives every digit 10%%; compare §4.4.1 with lr 10",
			lr, peak, last, math.Ln10)
	case math.Abs(last-first) < 0.02*first:
		return fmt.Sprintf("lr %v is too small: in %d updates the loss moved from %.3f to %.3f; compare §4.4.1 with lr 1e-10", lr, n, first, last)
	}
	return ""
}

// mean is the mean of v, which is not empty.
func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
