# np.dot on the shapes of the book's training step and evaluation, with the
# book's inputs: load_mnist's float32 pixels (numpy widens them to float64
# against the float64 weights, as the book's code has it), W1 and W2 of
# 0.01·randn, a z1 of the forward pass, a da1 of the backward pass's
# scale. Prints each product's best time of five timeit rounds, in
# microseconds, beside the name BenchmarkBookShapes gives it.
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
for name, f in [
    ('book/x·W1/100x784x50', lambda: np.dot(x_batch, W1)),
    ('book/xT·da1/784x100x50', lambda: np.dot(x_batch.T, da1)),
    ('book/z1·W2/100x50x10', lambda: np.dot(z1, W2)),
    ('book/train·W1/60000x784x50', lambda: np.dot(x_train, W1)),
    ('book/test·W1/10000x784x50', lambda: np.dot(x_test, W1)),
]:
    n = 200 if '0000' not in name else 5
    best = min(timeit.repeat(f, number=n, repeat=5)) / n
    print(f'{name}  {best * 1e6:.1f} µs')
