package lab

import "time"

// paceWindow is how far back a run's pace looks: long enough to smooth
// the evaluations' pauses, short enough to follow a busy machine.
const paceWindow = 5 * time.Second

// A pace measures a run's updates a second over the last paceWindow, from
// the counts of updates done at the times its losses were sent. Measured
// in the server, where the updates happen, it does not take a page's
// replay of a run's history for speed.
type pace struct {
	marks []paceMark
}

type paceMark struct {
	at   time.Time
	done int
}

// at notes done updates at now and returns the updates a second since the
// newest note at least paceWindow old (or the oldest, before there is
// one), or 0 while the notes span under half a second.
func (p *pace) at(now time.Time, done int) float64 {
	p.marks = append(p.marks, paceMark{now, done})
	k := 0
	for k < len(p.marks)-2 && now.Sub(p.marks[k+1].at) >= paceWindow {
		k++
	}
	p.marks = p.marks[k:]
	first := p.marks[0]
	dt := now.Sub(first.at).Seconds()
	if dt < 0.5 {
		return 0
	}
	return float64(done-first.done) / dt
}

// reset forgets the notes: after a pause, whose time is not the run's.
func (p *pace) reset() { p.marks = p.marks[:0] }
