package train

import (
	"math"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// Book is ch04/train_neuralnet.py line for line, `go run . -book`: the
// book's inputs (load_mnist's float32 pixels, numpy's random stream seeded
// with np.random.seed(cfg.Seed)) and the book's code (network.TwoLayerNet
// on dense tensors), so that its losses and accuracies are numpy's. Read it
// beside the book; Run is the same loop on the tuned engine.
func Book(cfg Config, data *mnist.Dataset, hooks Hooks) *Result {
	return book(cfg, data, hooks, nil)
}

// book is Book, or with ck its continuation.
func book(cfg Config, data *mnist.Dataset, hooks Hooks, ck *Checkpoint) *Result {
	// (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
	opt := mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true}
	xTrain, tTrain := data.Train.Tensors(opt)
	xTest, tTest := data.Test.Tensors(opt)

	rng := nprand.New(uint32(cfg.Seed)) // np.random.seed(seed)
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, rng)
	initial := net.W1.Clone()
	if ck != nil {
		net, initial = ck.Net, ck.Initial
		rng.UnmarshalBinary(ck.Random) // checked by ReadCheckpoint
	}

	itersNum := cfg.Iters
	trainSize := xTrain.Dim(0)
	batchSize := cfg.Batch
	learningRate := cfg.LR
	iterPerEpoch := math.Max(float64(trainSize)/float64(batchSize), 1)

	// train_loss_list, train_acc_list, test_acc_list, and what a run
	// needs beyond the book: a stop, checkpoints.
	p, first := newProgress(cfg, true, recordOf(data), net, initial, hooks, ck)
	p.replay = func(cfg Config, from *Checkpoint) *Result { return book(cfg, data, Hooks{}, from) }
	p.epoch = func(i int) bool { return math.Mod(float64(i), iterPerEpoch) == 0 }
	p.accuracy = func() (float64, float64) { return net.Accuracy(xTrain, tTrain), net.Accuracy(xTest, tTest) }
	p.state = func() ([]byte, []int) {
		random, _ := rng.MarshalBinary()
		return random, nil
	}

	for i := first; i < itersNum; i++ {
		batchMask := rng.Choice(trainSize, batchSize, cfg.Replace)
		xBatch := tensor.Rows(xTrain, batchMask)
		tBatch := tensor.Rows(tTrain, batchMask)

		grad := net.Gradient(xBatch, tBatch)

		for _, key := range [][2]*tensor.Tensor{{net.W1, grad.W1}, {net.B1, grad.B1}, {net.W2, grad.W2}, {net.B2, grad.B2}} {
			tensor.SubTo(key[0], key[0], tensor.MulScalar(key[1], learningRate)) // params[key] -= learning_rate * grad[key]
		}

		loss := net.Loss(xBatch, tBatch)
		if p.after(i, loss) { // train_loss_list.append(loss); the accuracies every iter_per_epoch
			break
		}
	}
	return p.finish()
}
