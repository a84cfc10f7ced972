package train

import (
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// A learner is the network a run trains, with the data it reads and the
// random source that draws its batches: what loop needs of the book's
// TwoLayerNet and of the engine alike. gradient, update and loss are
// called in that order, on the batch gradient was given.
type learner interface {
	choice(trainSize, batchSize int) []int // np.random.choice(train_size, batch_size)
	gradient(batchMask []int)              // the batch, and network.gradient(x_batch, t_batch)
	update(learningRate float64)           // params[key] -= learning_rate * grad[key]
	loss() float64                         // network.loss(x_batch, t_batch)
	accuracy() (train, test float64)       // on all training and test images
	net() *network.TwoLayerNet             // the parameters, trained in place
	save(ck *Checkpoint)                   // its kind, random state and sampler, into a checkpoint
}

// A newLearner makes a run's learner for cfg on data, or with ck the one
// that continues the run ck saved.
type newLearner func(cfg Config, data *mnist.Dataset, ck *Checkpoint) learner

// A bookNet is the book's own code: network.TwoLayerNet on dense tensors,
// the images as load_mnist gives them (float32 pixels, one-hot labels),
// and numpy's random stream seeded with np.random.seed(cfg.Seed), which
// draws the initial weights and then every batch.
type bookNet struct {
	network        *network.TwoLayerNet
	rng            *nprand.RandomState
	replace        bool
	xTrain, tTrain *tensor.Tensor
	xTest, tTest   *tensor.Tensor
	xBatch, tBatch *tensor.Tensor
	grad           *network.Params
}

func newBookNet(cfg Config, data *mnist.Dataset, ck *Checkpoint) learner {
	// (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
	opt := mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true}
	b := &bookNet{rng: nprand.New(uint32(cfg.Seed)), replace: cfg.Replace}
	b.xTrain, b.tTrain = data.Train.Tensors(opt)
	b.xTest, b.tTest = data.Test.Tensors(opt)
	b.network = network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, b.rng)
	if ck != nil {
		b.network = ck.Net
		b.rng.UnmarshalBinary(ck.Random) // checked by ReadCheckpoint
	}
	if cfg.Numerical {
		return bookNumericalNet{b}
	}
	return b
}

// choice draws with replacement, as the book's np.random.choice does, or
// with cfg.Replace false as the memo's replace=False.
func (b *bookNet) choice(trainSize, batchSize int) []int {
	return b.rng.Choice(trainSize, batchSize, b.replace)
}

// batch is x_batch = x_train[batch_mask]; t_batch = t_train[batch_mask],
// drawn into the arrays of the batch before (numpy's np.take with out=):
// the book's code lets the old batch go and allocates the next, which Go
// would clear first and collect later, 627 KB an update.
func (b *bookNet) batch(batchMask []int) {
	if b.xBatch == nil || b.xBatch.Dim(0) != len(batchMask) {
		b.xBatch = tensor.Zeros(len(batchMask), b.xTrain.Dim(1))
		b.tBatch = tensor.Zeros(len(batchMask), b.tTrain.Dim(1))
	}
	tensor.RowsTo(b.xBatch, b.xTrain, batchMask)
	tensor.RowsTo(b.tBatch, b.tTrain, batchMask)
}

func (b *bookNet) gradient(batchMask []int) {
	b.batch(batchMask)
	b.grad = b.network.Gradient(b.xBatch, b.tBatch)
}

func (b *bookNet) update(learningRate float64) {
	for _, key := range network.ParamNames() {
		p := b.network.Param(key)
		tensor.SubTo(p, p, tensor.MulScalar(b.grad.Param(key), learningRate))
	}
}

func (b *bookNet) loss() float64 { return b.network.Loss(b.xBatch, b.tBatch) }

func (b *bookNet) accuracy() (float64, float64) {
	return b.network.Accuracy(b.xTrain, b.tTrain), b.network.Accuracy(b.xTest, b.tTest)
}

func (b *bookNet) net() *network.TwoLayerNet { return b.network }

func (b *bookNet) save(ck *Checkpoint) {
	ck.Random, _ = b.rng.MarshalBinary()
}

// A bookNumericalNet is a bookNet trained with the numerical gradient, the
// book's commented-out line grad = network.numerical_gradient(x_batch,
// t_batch): two forward passes of the whole batch for every parameter.
type bookNumericalNet struct{ *bookNet }

func (b bookNumericalNet) gradient(batchMask []int) {
	b.batch(batchMask)
	b.grad = b.network.NumericalGradient(b.xBatch, b.tBatch)
}
