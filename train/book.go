package train

import (
	"math"

	"dlfs/mnist"
)

// loop is ch04/train_neuralnet.py line for line: the training of §4.5.2
// on the network and data that newNet makes, the book's TwoLayerNet
// (Config.Book) or the tuned engine. With ck it continues the run ck saved
// from its update ck.Done. What the book does not do (the hooks, the
// checkpoints, a stop, a loss that is no longer a number) is the record's:
// one call a line, each marked beyond the book.
func loop(cfg Config, data *mnist.Dataset, newNet newLearner, hooks Hooks, ck *Checkpoint) *Result {
	// (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True): data, as newNet reads it
	network := newNet(cfg, data, ck) // network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
	r := newRecord(cfg, data, network, newNet, hooks, ck)
	res := r.res // train_loss_list is res.Losses; train_acc_list and test_acc_list are in res.Evals

	itersNum := cfg.Iters
	trainSize := data.Train.Len()
	batchSize := cfg.Batch
	learningRate := r.rate() // cfg.LR, or where a resumed run left it

	iterPerEpoch := cfg.ItersPerEpoch(trainSize) // max(train_size / batch_size, 1), a float as in Python 3

	for i := r.first; i < itersNum; i++ {
		batchMask := network.choice(trainSize, batchSize)

		// x_batch = x_train[batch_mask]; t_batch = t_train[batch_mask]
		network.gradient(batchMask) // grad = network.gradient(x_batch, t_batch)

		learningRate = r.learningRate(i, learningRate) // beyond the book: the LR hook may change it
		network.update(learningRate)                   // for key in ('W1', 'b1', 'W2', 'b2'): network.params[key] -= learning_rate * grad[key]

		loss := network.loss()  // loss = network.loss(x_batch, t_batch)
		if r.stepped(i, loss) { // beyond the book: the Step hook; a loss that is not a number ends the run
			break
		}
		res.Losses = append(res.Losses, loss) // train_loss_list.append(loss)

		if math.Mod(float64(i), iterPerEpoch) == 0 { // if i % iter_per_epoch == 0
			trainAcc, testAcc := network.accuracy() // network.accuracy(x_train, t_train), network.accuracy(x_test, t_test)
			e := Eval{Iter: i, Loss: loss, TrainAcc: trainAcc, TestAcc: testAcc, Elapsed: r.elapsed()}
			res.Evals = append(res.Evals, e) // train_acc_list.append(train_acc); test_acc_list.append(test_acc)
			if r.evaluated(e) {              // print("train acc, test acc | ..."): the Eval hook; beyond the book, a checkpoint
				break
			}
		}
		if r.stopped(i) { // beyond the book: the Stop hook
			break
		}
	}
	return r.finish()
}
