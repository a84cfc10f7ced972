"""Writes numpy_print.json: arrays at the boundaries of numpy's printing, and
what numpy prints for each (str(a), as print(a) shows it), for
TestFormatAgainstNumpyBoundaries. The values are stored as hex floats, so Go
reads the very same doubles.

    /usr/bin/python3 numpy_print.py   # numpy 1.24.2 wrote the committed file
"""
import json

import numpy as np

cases = []


def add(values, shape=None, precision=8):
    a = np.array(values, dtype=np.float64)
    if shape is not None:
        a = a.reshape(shape)
    with np.printoptions(precision=precision):
        out = str(a)
    cases.append({"shape": list(a.shape), "values": [float(v).hex() for v in a.ravel()],
                  "precision": precision, "out": out})


# Fractional digits: exactly the precision's, one more, ties, and values
# that need fewer.
for v in [0.12345678, 0.123456789, 0.123456785, 0.123456775, 1.23456789, 1 / 3, 2 / 3,
          0.5, 0.25, 0.1, 0.2 + 0.1, 1 - 1e-9, 1 - 1e-8, 99999999.5, 0.999999995, 9.999999995]:
    add([v, 1.0])
    add([v, -2.0])
for p in [0, 1, 2, 3, 5, 12]:
    add([0.5, 1.5, 2.5, 0.125, 0.375, -0.5], precision=p)
    add([np.pi, np.e, 100.0, -1 / 7], precision=p)
# The switch to scientific notation: the largest value at 1e8, the smallest
# non-zero at 1e-4, and their ratio at 1e3.
for big in [99999999.0, 99999999.9, 1e8, 1.00000001e8]:
    add([big, 1.0])
for big in [99999999.0, 1e8, 1.00000001e8]:  # alone, so that the ratio stays under 1e3
    add([big])
    add([big, big / 2])
for small in [1e-4, 9.9999e-5, 1.0001e-4]:
    add([small])
    add([small, small * 999])
for small in [1e-4, 9.9999e-5, 1.0001e-4, 1e-5]:
    add([small, 0.5])
    add([small, 0.0])
for hi in [999.0, 1000.0, 1000.5, 1001.0]:
    add([0.5, hi])
    add([1.0, hi])
add([1e16, 1.0])
add([2.0 ** 53, 1.0])
add([1e-300, 1e300])
add([5e-324, 1.0])
# Zeros, signs and non-finite values.
add([0.0, -0.0])
add([-0.0, 1.5])
add([np.nan, -np.inf, np.inf])
add([np.nan, 0.5, 1e-5])
add([-np.inf, 1e10])
add([np.nan])
# Line wrapping: rows near 75 characters.
for n in range(10, 16):
    add(np.arange(n) * 1.25)
    add(np.arange(n) * 11.5, (1, n))
for n in range(17, 21):
    add(np.arange(n) * 0.5)
add(np.arange(24) / 7, (2, 3, 4))
add(np.arange(30) * 1.1 - 15, (3, 10))
# Summarizing: 1000 elements print whole, 1001 are summarized; long and
# short axes.
add(np.arange(1000) * 0.5)
add(np.arange(1001) * 0.5)
add(np.arange(1001) / 3)
add(np.arange(1002) * 0.5, (3, 334))
add(np.arange(1004) * 0.25, (2, 2, 251))
add(np.arange(1008) * 1.0, (7, 144))
add(np.arange(1050) * 1.0, (1050, 1))
add(np.arange(2100) * 1e-6, (3, 700))
add(np.arange(1020) * 1.0, (6, 170))  # an axis of exactly twice the edge items is whole
add(np.arange(1120) * 0.5, (2, 8, 70))  # a middle axis summarized
add(np.arange(1120) * 0.5, (8, 2, 70))
# Only the values shown decide the format: the fourth and the fourth from
# the end are the first hidden and the last shown.
for at in [2, 3, 997, 998]:
    v = np.arange(1001) * 0.5
    v[at] = 1e9
    add(v)
# Rows of rank 2 and 3 near the line width, which narrows by one per level.
for n in range(10, 15):
    add(np.arange(2 * n) * 11.5, (2, n))
    add(np.arange(2 * n) * 11.5, (1, 2, n))
    add(np.arange(n) * 1.25, (1, 1, n))
# Shapes with an empty axis, a single element and rank 4.
add([], (0, 3))
add([], (2, 0))
add([2.5], (1, 1, 1))
add(np.arange(16) * 0.5, (2, 2, 2, 2))
# Rank 0: numpy prints the scalar's repr, every digit it needs.
for v in [1 / 3, 1.0, 0.5, -0.0, 1e16, 9999999999999998.0, 1e-5, 0.0001, 123456789.0, 1e22, 1e-7 / 3,
          np.nan, -np.inf]:
    add(v)
    add(v, precision=3)
# Random values of every scale, from a fixed seed.
rng = np.random.RandomState(0)
for scale in [1e-6, 1e-3, 1.0, 1e3, 1e7, 1e9]:
    for n in [3, 8]:
        add(rng.randn(n) * scale)
        add(rng.rand(n) * scale)

with open("numpy_print.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, indent=0, ensure_ascii=False)
    f.write("\n")
