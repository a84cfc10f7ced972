# The book's training run in numpy: ch04/two_layer_net.py and
# ch04/train_neuralnet.py of "Deep Learning from Scratch" (Koki Saito,
# O'Reilly Japan), written out in one file to time against this project
# (compare.sh). The same network, settings and formulas, with the two
# guards the project also has: the sigmoid's input clipped to ±ln(1e15),
# and the softmax's maximum subtracted. It reads the MNIST files the
# project ships (mnist/data). Environment: SEED (0), ITERS (10000),
# REPLACE (0: each batch of distinct images, as `go run .`; 1: with
# replacement, as the book's np.random.choice).
import gzip
import os
import time

import numpy as np

start = time.perf_counter()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'mnist', 'data')
CLIP = 34.538776394910684


def read(name, header):
    with gzip.open(os.path.join(DATA, name + '.gz')) as f:
        return np.frombuffer(f.read(), np.uint8, offset=header)


def load_mnist():
    """load_mnist(normalize=True, flatten=True, one_hot_label=True)."""
    def images(name):
        return read(name, 16).reshape(-1, 784) / 255.0

    def labels(name):
        return np.eye(10)[read(name, 8)]
    return ((images('train-images-idx3-ubyte'), labels('train-labels-idx1-ubyte')),
            (images('t10k-images-idx3-ubyte'), labels('t10k-labels-idx1-ubyte')))


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -CLIP, CLIP)))


def softmax(a):
    e = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    t = t.argmax(axis=1)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            'W1': weight_init_std * np.random.randn(input_size, hidden_size),
            'b1': np.zeros(hidden_size),
            'W2': weight_init_std * np.random.randn(hidden_size, output_size),
            'b2': np.zeros(output_size),
        }

    def predict(self, x):
        p = self.params
        return softmax(np.dot(sigmoid(np.dot(x, p['W1']) + p['b1']), p['W2']) + p['b2'])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        return np.sum(np.argmax(self.predict(x), axis=1) == np.argmax(t, axis=1)) / float(x.shape[0])

    def gradient(self, x, t):
        p = self.params
        a1 = np.dot(x, p['W1']) + p['b1']
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, p['W2']) + p['b2'])
        dy = (y - t) / x.shape[0]
        da1 = np.dot(dy, p['W2'].T)
        dz1 = (1.0 - z1) * z1 * da1
        return {'W1': np.dot(x.T, dz1), 'b1': np.sum(dz1, axis=0),
                'W2': np.dot(z1.T, dy), 'b2': np.sum(dy, axis=0)}


np.random.seed(int(os.environ.get('SEED', '0')))
(x_train, t_train), (x_test, t_test) = load_mnist()
network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

iters_num = int(os.environ.get('ITERS', '10000'))
train_size = x_train.shape[0]
batch_size = 100
learning_rate = 0.1
replace = os.environ.get('REPLACE', '0') == '1'
iter_per_epoch = max(train_size / batch_size, 1)

for i in range(iters_num):
    batch_mask = np.random.choice(train_size, batch_size, replace=replace)
    x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
    grad = network.gradient(x_batch, t_batch)
    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= learning_rate * grad[key]
    loss = network.loss(x_batch, t_batch)
    if i % iter_per_epoch == 0:
        print('iter %d  loss %.4f  train acc %.4f  test acc %.4f  elapsed %.1fs' % (
            i, loss, network.accuracy(x_train, t_train), network.accuracy(x_test, t_test),
            time.perf_counter() - start), flush=True)
print('final iter %d  loss %.4f  train acc %.4f  test acc %.4f  elapsed %.1fs' % (
    iters_num, loss, network.accuracy(x_train, t_train), network.accuracy(x_test, t_test),
    time.perf_counter() - start))
