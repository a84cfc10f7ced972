"""Writes numpy_sums.json: what np.sum gives for values whose sum depends on
the order of the additions, at the edges of numpy's pairwise summation
(7, 8 and 9 values, 128 and 129, blocks of 8192), for TestSumsAgainstNumpy.
The values are v[i] = ((i·2654435761) mod 2³²) / 1000003 − 2000, scattered
over [−2000, 2295), each a correctly rounded division and subtraction, so
Go computes the same doubles.

    /usr/bin/python3 numpy_sums.py   # numpy 1.24.2 wrote the committed file
"""
import json

import numpy as np


def values(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 2654435761) % 4294967296).astype(np.float64) / 1000003.0 - 2000.0


cases = []
for n in [1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 130, 136, 255, 256, 257, 1000,
          8191, 8192, 8193, 8200, 16383, 16384, 16385, 24577, 40000]:
    v = values(n)
    cases.append({"n": n, "shape": [n], "axis": None, "sums": [float(np.sum(v)).hex()]})
for rows, cols in [(3, 8), (5, 9), (2, 129), (3, 8193), (9, 7), (129, 3)]:
    v = values(rows * cols).reshape(rows, cols)
    for axis in [0, 1] if cols < 1000 else [1]:
        cases.append({"n": rows * cols, "shape": [rows, cols], "axis": axis,
                      "sums": [float(s).hex() for s in np.sum(v, axis=axis)]})
with open("numpy_sums.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, indent=0)
    f.write("\n")
