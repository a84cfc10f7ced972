package train

import (
	"math/rand/v2"
	"time"

	"dlfs/internal/engine"
	"dlfs/internal/kernel"
	"dlfs/mnist"
	"dlfs/network"
)

// A tunedNet is the engine's learner, `go run .`: the network on sparse
// batches gathered from MNIST's bytes, one PCG source seeded with
// cfg.Seed for the initial weights and then the batches, drawn by a
// sampler. Its gradient, update and loss are the engine's fused step:
// Backward, Update (the gradient finished and each row stepped while in
// cache) and UpdatedLoss.
type tunedNet struct {
	src     *rand.PCG
	batches *sampler
	data    *mnist.Dataset
	tr      *engine.Trainer
	ev      *engine.Evaluator
	xBatch  *engine.Sparse
	tBatch  []int
}

func newTunedNet(cfg Config, data *mnist.Dataset, ck *Checkpoint) learner {
	src := rand.NewPCG(cfg.Seed, 0)
	rng := rand.New(src)
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, kernel.Normal{R: rng})
	n := &tunedNet{src: src, batches: newSampler(data.Train.Len(), cfg.Batch, cfg.Replace, rng), data: data,
		xBatch: engine.NewSparse(mnist.Pixels), tBatch: make([]int, cfg.Batch)}
	if ck != nil {
		net = ck.Net
		src.UnmarshalBinary(ck.Random) // checked by ReadCheckpoint
		n.batches.restore(ck.Sampler)
	}
	n.tr, n.ev = engine.NewTrainer(net), engine.NewEvaluator(net)
	if cfg.Numerical {
		return numericalNet{n}
	}
	return n
}

// choice draws the sampler's next batch: without replacement unless
// cfg.Replace.
func (n *tunedNet) choice(trainSize, batchSize int) []int { return n.batches.draw() }

// batch gathers the batch's images from MNIST's bytes into xBatch, their
// labels into tBatch.
func (n *tunedNet) batch(batchMask []int) { engine.Gather(n.xBatch, n.tBatch, n.data.Train, batchMask) }

func (n *tunedNet) gradient(batchMask []int) {
	n.batch(batchMask)
	n.tr.Backward(n.xBatch, n.tBatch)
}

func (n *tunedNet) update(learningRate float64) { n.tr.Update(learningRate) }

func (n *tunedNet) loss() float64 { return n.tr.UpdatedLoss() }

func (n *tunedNet) accuracy() (float64, float64) {
	return n.ev.Accuracy(n.data.Train), n.ev.Accuracy(n.data.Test)
}

func (n *tunedNet) net() *network.TwoLayerNet { return n.tr.Net }

func (n *tunedNet) save(ck *Checkpoint) {
	ck.Random, _ = n.src.MarshalBinary()
	ck.Sampler = append([]int(nil), n.batches.perm...)
}

// A numericalNet is a tunedNet trained with the numerical gradient of
// §4.5 (cfg.Numerical): central differences of the batch loss for every
// parameter, as the book's commented-out line
// grad = network.numerical_gradient(x_batch, t_batch).
type numericalNet struct{ *tunedNet }

func (n numericalNet) gradient(batchMask []int) {
	n.batch(batchMask)
	n.tr.NumericalGradient(n.xBatch, n.tBatch)
}

func (n numericalNet) update(learningRate float64) { n.tr.Apply(learningRate) }

func (n numericalNet) loss() float64 { return n.tr.Loss(n.xBatch, n.tBatch) }

// NumericalUpdateTime estimates one update of cfg with the numerical
// gradient, which can take minutes, by timing a few on the first batch.
func NumericalUpdateTime(cfg Config, data *mnist.Dataset) time.Duration {
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, kernel.Normal{R: rand.New(rand.NewPCG(cfg.Seed, 0))})
	tr := engine.NewTrainer(net)
	x := engine.NewSparse(mnist.Pixels)
	labels := make([]int, min(cfg.Batch, data.Train.Len()))
	engine.Chunk(x, labels, data.Train, 0)
	const probes = 3
	start := time.Now()
	for range probes {
		tr.NumericalGradient(x, labels)
	}
	return time.Since(start) / probes
}

// Accuracies returns the accuracy of net on all of data's training and
// test images, TwoLayerNet.Accuracy's numbers as the engine counts them.
func Accuracies(net *network.TwoLayerNet, data *mnist.Dataset) (train, test float64) {
	ev := engine.NewEvaluator(net)
	return ev.Accuracy(data.Train), ev.Accuracy(data.Test)
}
