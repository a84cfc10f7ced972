package train

import (
	"fmt"
	"math"
)

// A Rate is the learning rate a run took from update From on, until the
// next Rate. A run's rates start with {0, Config.LR}; Hooks.LR adds one
// each time it changes the rate.
type Rate struct {
	From int     `json:"from"`
	LR   float64 `json:"lr"`
}

// RateAt returns the learning rate update i of the run took.
func (r *Result) RateAt(i int) float64 { return rateAt(r.Rates, i) }

// rateAt returns the learning rate of update i under rates.
func rateAt(rates []Rate, i int) float64 {
	lr := rates[0].LR
	for _, r := range rates[1:] {
		if r.From > i {
			break
		}
		lr = r.LR
	}
	return lr
}

// checkRates reports whether rates can be a run's after done updates of
// cfg: starting at update 0 with cfg.LR, each later one from a later
// update among those done, and each a positive number different from the
// one before.
func checkRates(rates []Rate, cfg Config, done int) error {
	if len(rates) == 0 || rates[0] != (Rate{0, cfg.LR}) {
		return fmt.Errorf("learning rates %v: must start with {0 %v}, the settings' rate from update 0", rates, cfg.LR)
	}
	for k, r := range rates[1:] {
		if r.From <= rates[k].From || r.From >= done {
			return fmt.Errorf("learning_rates[%d], from update %d: must be after update %d and before the %d done", k+1, r.From, rates[k].From, done)
		}
		if !validRate(r.LR) || r.LR == rates[k].LR {
			return fmt.Errorf("learning_rates[%d], %v: must be a positive number other than the one before", k+1, r.LR)
		}
	}
	return nil
}

// validRate reports whether lr is a learning rate a run takes: a positive
// finite number.
func validRate(lr float64) bool { return lr > 0 && !math.IsInf(lr, 0) }
