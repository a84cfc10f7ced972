# Writes numpy_stream.txt, the values numpy's legacy random stream gives,
# for nprand's tests: python3 numpy_stream.py > numpy_stream.txt
# (Debian's python3-numpy; the tests themselves need no Python).
#
# Lines are "name seed: values", floats in hex. The "weights" lines are the
# book's initial W1 (784x50) and W2 (50x10), 0.01 * randn: their SHA-256,
# and the positions where numpy's value differs from the polar method
# computed with a correctly rounded log (the C library's log rounds a few
# results the other way), with numpy's value there.
import hashlib
import math
from decimal import Decimal, getcontext

import numpy as np

getcontext().prec = 50


def cr_log(x):
    return float(Decimal(x).ln())


def polar(rs, count):
    out, cached = [], None
    while len(out) < count:
        if cached is not None:
            out.append(cached)
            cached = None
            continue
        while True:
            x1 = 2.0 * rs.random_sample() - 1.0
            x2 = 2.0 * rs.random_sample() - 1.0
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        f = math.sqrt(-2.0 * cr_log(r2) / r2)
        cached = f * x1
        out.append(f * x2)
    return out


def hexes(values):
    return ' '.join(float(v).hex() for v in values)


print('# numpy', np.__version__)
for seed in (0, 1, 2, 4294967295):
    rs = np.random.RandomState(seed)
    print('uint32 %d: %s' % (seed, ' '.join(str(v) for v in rs.randint(0, 2**32, size=5, dtype=np.uint32))))
    print('random_sample %d: %s' % (seed, hexes(np.random.RandomState(seed).random_sample(5))))
    print('randn %d: %s' % (seed, hexes(np.random.RandomState(seed).randn(7))))
    print('choice %d: %s' % (seed, ' '.join(str(v) for v in np.random.RandomState(seed).choice(60000, 100))))
    print('choice_noreplace %d: %s' % (seed, ' '.join(str(v) for v in np.random.RandomState(seed).choice(60000, 100, replace=False))))
    print('permutation %d: %s' % (seed, ' '.join(str(v) for v in np.random.RandomState(seed).permutation(10))))
for seed in (0, 1, 2):
    np.random.seed(seed)
    W1 = 0.01 * np.random.randn(784, 50)
    W2 = 0.01 * np.random.randn(50, 10)
    w = np.concatenate([W1.ravel(), W2.ravel()])
    mine = 0.01 * np.array(polar(np.random.RandomState(seed), w.size))
    diff = [i for i in range(w.size) if w[i] != mine[i]]
    print('weights %d: %s %s' % (seed, hashlib.sha256(w.tobytes()).hexdigest(),
                                 ' '.join('%d=%s' % (i, float(w[i]).hex()) for i in diff)))
# Populations beyond the 60000 the book draws from: past 2^16, and to
# 2^32, the largest numpy draws with 32-bit words (randint's range k − 1
# fits in 32 bits).
for seed in (0, 1):
    for k in (2**16 + 1, 70000, 2**31 + 7, 2**32):
        print('choice_%d %d: %s' % (k, seed, ' '.join(str(v) for v in np.random.RandomState(seed).choice(k, 20))))
    print('choice_noreplace_70000 %d: %s' % (seed, ' '.join(str(v) for v in np.random.RandomState(seed).choice(70000, 20, replace=False))))
