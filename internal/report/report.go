package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"dlfs/train"
)

// Updates says "n updates", or "1 update", as a message counts them.
func Updates(n int) string {
	if n == 1 {
		return "1 update"
	}
	return fmt.Sprintf("%d updates", n)
}

// FormatEval is the line printed for each evaluation.
func FormatEval(e train.Eval) string {
	return fmt.Sprintf("iter %d  loss %.4f  train acc %.4f  test acc %.4f  elapsed %.1fs",
		e.Iter, e.Loss, e.TrainAcc, e.TestAcc, e.Elapsed.Seconds())
}

// BookLine is the line ch04/train_neuralnet.py prints for an evaluation,
// print("train acc, test acc | " + str(train_acc) + ", " + str(test_acc)),
// the accuracies in Python's digits:
//
//	train acc, test acc | 0.09915, 0.1009
func BookLine(e train.Eval) string {
	return "train acc, test acc | " + pythonFloat(e.TrainAcc) + ", " + pythonFloat(e.TestAcc)
}

// EvalLine is the line a run of cfg prints for an evaluation: the book's
// (BookLine) for the book's code, FormatEval's for the others.
func EvalLine(cfg train.Config, e train.Eval) string {
	if cfg.Book {
		return BookLine(e)
	}
	return FormatEval(e)
}

// A Reporter prints a run as it goes: one line per evaluation and, when
// live (on a terminal), a progress line redrawn in place between them with
// the update count, the loss, the speed and the time left.
type Reporter struct {
	w     io.Writer
	live  bool
	cfg   train.Config
	drawn time.Time
	shown int // the length of the progress line showing, or 0
	// The speed is measured from the end of the last evaluation, so that
	// the time evaluations take does not count as slow updates.
	since     time.Time
	doneSince int
}

// NewReporter returns a Reporter for a run of cfg.
func NewReporter(w io.Writer, live bool, cfg train.Config) *Reporter {
	now := time.Now()
	return &Reporter{w: w, live: live, cfg: cfg, drawn: now, since: now}
}

// Hooks returns the hooks to pass to Run.
func (r *Reporter) Hooks() train.Hooks {
	return train.Hooks{Eval: r.eval, Step: r.step}
}

// redrawEvery limits the live line to ten redraws a second.
const redrawEvery = 100 * time.Millisecond

func (r *Reporter) step(iter int, loss float64) {
	if !r.live || time.Since(r.drawn) < redrawEvery {
		return
	}
	r.drawn = time.Now()
	done := iter + 1
	rate := float64(done-r.doneSince) / r.drawn.Sub(r.since).Seconds()
	left := time.Duration(float64(r.cfg.Iters-done) / rate * float64(time.Second))
	line := fmt.Sprintf("  update %d/%d  loss %.4f  %.0f updates/s  %s left", done, r.cfg.Iters, loss, rate, left.Round(time.Second))
	fmt.Fprint(r.w, "\r"+line+strings.Repeat(" ", max(0, r.shown-len(line))))
	r.shown = len(line)
}

func (r *Reporter) eval(e train.Eval) {
	r.println(EvalLine(r.cfg, e))
	r.since, r.doneSince, r.drawn = time.Now(), e.Iter+1, time.Now()
}

// Resumed prints the evaluation lines of the run so far, for a run
// continued from a checkpoint, so that its output is the whole run's.
func (r *Reporter) Resumed(evals []train.Eval) {
	for _, e := range evals {
		r.println(EvalLine(r.cfg, e))
	}
}

// Final prints the line for the state after the last update.
func (r *Reporter) Final(e train.Eval) { r.println("final " + FormatEval(e)) }

// println prints s on a line of its own, over the progress line if one
// is showing. The progress line is overwritten with spaces, not erased by
// an escape sequence, which the consoles of Windows before Windows
// Terminal print as it is.
func (r *Reporter) println(s string) {
	if r.shown > 0 {
		fmt.Fprint(r.w, "\r"+strings.Repeat(" ", r.shown)+"\r")
		r.shown = 0
	}
	fmt.Fprintln(r.w, s)
}
