package parallel

import (
	"time"
)

// A judgement is the count that decides whether sharing pays: chunks run
// in parallel calls since the last judgement, the workers' fair part of
// them, how many they ran; how many judgements in a row found too few, and
// until when calls run alone.
type judgement struct {
	chunks      int
	fair, taken float64
	fails       int
	aloneUntil  time.Time
}

// judge counts a parallel call of chunks shared by parts cores, and gives
// up sharing if the workers took too few in two judgements in a row: for
// backOff, doubled with each further one, up to 16 times backOff, so that
// a machine busy for long is looked at again every 1.6 s.
func judge(chunks, parts int) {
	j := &judged
	j.chunks += chunks
	j.fair += float64(chunks) * float64(parts-1) / float64(parts)
	for _, w := range workers[:parts-1] {
		j.taken += float64(w.chunks)
	}
	if j.chunks < judgeChunks {
		return
	}
	fails := 0
	if j.taken < judgeShare*j.fair {
		fails = j.fails + 1
	}
	if fails >= 2 {
		j.aloneUntil = time.Now().Add(backOff << min(fails-2, 4))
	}
	*j = judgement{fails: fails, aloneUntil: j.aloneUntil}
}
