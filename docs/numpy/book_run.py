# The oracle of `go run . -book`: the book's own Chapter 4 code, run by
# numpy, from its repository (github.com/oreilly-japan/deep-learning-from-scratch,
# commit 07b1161 of 2024-11-05, the latest): common/functions.py,
# ch04/two_layer_net.py, dataset/mnist.py's load_mnist and
# ch04/train_neuralnet.py, in one file, with one line added,
# np.random.seed(SEED), before the network is made. Nothing else differs
# from the book: float32 pixels, one-hot float64 labels, the sigmoid
# unclipped, batches drawn with replacement, iter_per_epoch a float.
#
# It reads the MNIST files the project ships (mnist/data), or the IDX
# files of DATA (gzipped or not, MNIST's names), as `-data` does.
#
# Environment:
#   SEED (0), ITERS (10000), REPLACE (1: np.random.choice's default;
#   0: replace=False, as `go run . -book -replace=false`), DATA (a folder),
#   TRAIN and TEST (keep only the first N images of the set: a training
#   set that batches of 100 do not divide), LOSSES (1: print each update's
#   loss too, "loss " and its repr, before the update's evaluation line).
#
# The printed lines are the book's: "train acc, test acc | A, B".
#
# Regenerate the project's testdata with it (numpy 1.24.2 made them):
#   SEED=1 ITERS=1200 LOSSES=1 python3 docs/numpy/book_run.py >train/testdata/numpy_seed1.txt
#   TRAIN=1050 TEST=500 ITERS=45 LOSSES=1 python3 docs/numpy/book_run.py >train/testdata/numpy_uneven.txt
import gzip
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data_dir = os.environ.get('DATA') or os.path.join(here, '..', '..', 'mnist', 'data')
seed = int(os.environ.get('SEED', '0'))
iters = int(os.environ.get('ITERS', '10000'))
replace = os.environ.get('REPLACE', '1') == '1'
losses = os.environ.get('LOSSES', '0') == '1'
keep = {'train': int(os.environ.get('TRAIN', '0')) or None, 'test': int(os.environ.get('TEST', '0')) or None}


# common/functions.py

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


# ch04/two_layer_net.py (numerical_gradient left out: -book uses gradient)

class TwoLayerNet:

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        return y

    def loss(self, x, t):
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}
        batch_num = x.shape[0]
        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)
        dz1 = np.dot(dy, W2.T)
        da1 = sigmoid_grad(a1) * dz1
        grads['W1'] = np.dot(x.T, da1)
        grads['b1'] = np.sum(da1, axis=0)
        return grads


# dataset/mnist.py: load_mnist(normalize=True, flatten=True, one_hot_label=True),
# reading the IDX files themselves instead of the book's pickle of them

def read_idx(name):
    path = os.path.join(data_dir, name)
    if os.path.exists(path + '.gz'):
        with gzip.open(path + '.gz') as f:
            b = f.read()
    else:
        with open(path, 'rb') as f:
            b = f.read()
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], 'big') for i in range(b[3])]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * len(dims)).reshape(dims[0], -1)


def _change_one_hot_label(X):
    T = np.zeros((X.size, 10))
    for idx, row in enumerate(T):
        row[X[idx]] = 1
    return T


def load_mnist():
    dataset = {
        'train_img': read_idx('train-images-idx3-ubyte')[:keep['train']],
        'train_label': read_idx('train-labels-idx1-ubyte').ravel()[:keep['train']],
        'test_img': read_idx('t10k-images-idx3-ubyte')[:keep['test']],
        'test_label': read_idx('t10k-labels-idx1-ubyte').ravel()[:keep['test']],
    }
    for key in ('train_img', 'test_img'):
        dataset[key] = dataset[key].astype(np.float32)
        dataset[key] /= 255.0
    dataset['train_label'] = _change_one_hot_label(dataset['train_label'])
    dataset['test_label'] = _change_one_hot_label(dataset['test_label'])
    return (dataset['train_img'], dataset['train_label']), (dataset['test_img'], dataset['test_label'])


# ch04/train_neuralnet.py

(x_train, t_train), (x_test, t_test) = load_mnist()

np.random.seed(seed)  # the one line added
network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

iters_num = iters
train_size = x_train.shape[0]
batch_size = 100
learning_rate = 0.1

train_loss_list = []
train_acc_list = []
test_acc_list = []

iter_per_epoch = max(train_size / batch_size, 1)

for i in range(iters_num):
    batch_mask = np.random.choice(train_size, batch_size, replace=replace)
    x_batch = x_train[batch_mask]
    t_batch = t_train[batch_mask]

    grad = network.gradient(x_batch, t_batch)

    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= learning_rate * grad[key]

    loss = network.loss(x_batch, t_batch)
    train_loss_list.append(loss)
    if losses:
        print("loss " + repr(float(loss)))

    if i % iter_per_epoch == 0:
        train_acc = network.accuracy(x_train, t_train)
        test_acc = network.accuracy(x_test, t_test)
        train_acc_list.append(train_acc)
        test_acc_list.append(test_acc)
        print("train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
sys.stdout.flush()
