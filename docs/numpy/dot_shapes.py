# np.dot on the shapes of the book's training step and evaluation, with the
# book's inputs: load_mnist's float32 pixels (numpy widens them to float64
# against the float64 weights, as the book's code has it), W1 and W2 of
# 0.01·randn, a z1 of the forward pass, a da1 of the backward pass's
# scale; and the book's whole update and evaluation. Prints the best time
# of five timeit rounds, in microseconds, beside the name
# BenchmarkBookShapes or BenchmarkBook (package train) gives it.
#
#   MNIST_DIR=mnist/data /usr/bin/python3 docs/numpy/dot_shapes.py
import gzip
import os
import struct
import timeit

import numpy as np

mnist_dir = os.environ.get('MNIST_DIR', 'mnist/data')


def images(name):
    with gzip.open(os.path.join(mnist_dir, name), 'rb') as f:
        data = f.read()
    dims = struct.unpack('>III', data[4:16])
    x = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(dims[0], 784).astype(np.float32)
    x /= 255.0
    return x


x_train = images('train-images-idx3-ubyte.gz')
x_test = images('t10k-images-idx3-ubyte.gz')
rng = np.random.RandomState(0)
W1 = 0.01 * rng.randn(784, 50)
W2 = 0.01 * rng.randn(50, 10)
x_batch = x_train[rng.choice(60000, 100)]
z1 = 1 / (1 + np.exp(-np.dot(x_batch, W1)))
da1 = 1e-3 * rng.randn(100, 50)
# The book's update and evaluation, as BenchmarkBook (package train) times
# them: common/functions.py and ch04/two_layer_net.py's lines, and the
# loop's body of ch04/train_neuralnet.py.
t_train = np.eye(10)[np.frombuffer(gzip.open(os.path.join(mnist_dir, 'train-labels-idx1-ubyte.gz')).read(), np.uint8, offset=8)]
t_test = np.eye(10)[np.frombuffer(gzip.open(os.path.join(mnist_dir, 't10k-labels-idx1-ubyte.gz')).read(), np.uint8, offset=8)]
params = {'W1': W1.copy(), 'b1': np.zeros(50), 'W2': W2.copy(), 'b2': np.zeros(10)}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def predict(x):
    a1 = np.dot(x, params['W1']) + params['b1']
    return softmax(np.dot(sigmoid(a1), params['W2']) + params['b2'])


def loss(x, t):
    y = predict(x)
    t = t.argmax(axis=1)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


def gradient(x, t):
    n = x.shape[0]
    a1 = np.dot(x, params['W1']) + params['b1']
    z1 = sigmoid(a1)
    y = softmax(np.dot(z1, params['W2']) + params['b2'])
    dy = (y - t) / n
    da1 = (1.0 - sigmoid(a1)) * sigmoid(a1) * np.dot(dy, params['W2'].T)
    return {'W2': np.dot(z1.T, dy), 'b2': np.sum(dy, axis=0), 'W1': np.dot(x.T, da1), 'b1': np.sum(da1, axis=0)}


def update():
    batch_mask = np.random.choice(60000, 100)
    x, t = x_train[batch_mask], t_train[batch_mask]
    grad = gradient(x, t)
    for key in ('W1', 'b1', 'W2', 'b2'):
        params[key] -= 0.1 * grad[key]
    loss(x, t)


def evaluation():
    for x, t in ((x_train, t_train), (x_test, t_test)):
        np.sum(np.argmax(predict(x), axis=1) == np.argmax(t, axis=1)) / float(x.shape[0])


for name, f in [
    ('book/x·W1/100x784x50', lambda: np.dot(x_batch, W1)),
    ('book/xT·da1/784x100x50', lambda: np.dot(x_batch.T, da1)),
    ('book/z1·W2/100x50x10', lambda: np.dot(z1, W2)),
    ('book/train·W1/60000x784x50', lambda: np.dot(x_train, W1)),
    ('book/test·W1/10000x784x50', lambda: np.dot(x_test, W1)),
    ('Book/update', update),
    ('Book/evaluation', evaluation),
]:
    n = 200 if '0000' not in name and 'evaluation' not in name else 5
    best = min(timeit.repeat(f, number=n, repeat=5)) / n
    print(f'{name}  {best * 1e6:.1f} µs')
