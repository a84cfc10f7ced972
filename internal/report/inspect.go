package report

import (
	"sort"

	"dlfs/internal/engine"
	"dlfs/mnist"
	"dlfs/network"
)

// An Inspection is what a trained network makes of a set of images: which
// digit it takes each for, and the ones it gets wrong most confidently.
type Inspection struct {
	// Confusion[t][p] counts the images of digit t read as digit p: the
	// diagonal is the right answers.
	Confusion [mnist.Classes][mnist.Classes]int
	// Mistakes are the images read wrong, the most confident first
	// (ties by index).
	Mistakes []Mistake
}

// A Mistake is one image the network reads wrong.
type Mistake struct {
	Index       int     // in the set
	Label, Read int     // the right digit, and the network's
	Probability float64 // the network's probability for Read
}

// Inspect reads every image of set with net, in chunks from the raw bytes
// as the evaluation does, and takes each image's digit as the evaluation
// does (the largest score), so that Confusion's diagonal is the
// evaluation's count of right answers.
func Inspect(net *network.TwoLayerNet, set *mnist.Set) *Inspection {
	const chunk = 500
	tr := engine.NewTrainer(net)
	x, labels := engine.NewSparse(mnist.Pixels), make([]int, chunk)
	in := &Inspection{}
	for start := 0; start < set.Len(); start += chunk {
		engine.Chunk(x, labels, set, start)
		y, class := tr.Predict(x)
		for i, read := range class {
			label := labels[i]
			in.Confusion[label][read]++
			if read != label {
				in.Mistakes = append(in.Mistakes, Mistake{start + i, label, read, y.At(i, read)})
			}
		}
	}
	sort.SliceStable(in.Mistakes, func(i, j int) bool { return in.Mistakes[i].Probability > in.Mistakes[j].Probability })
	return in
}

// Right returns how many images the network reads right: the diagonal.
func (in *Inspection) Right() int {
	n := 0
	for d := range in.Confusion {
		n += in.Confusion[d][d]
	}
	return n
}
