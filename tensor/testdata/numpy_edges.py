"""Writes numpy_edges.json: what numpy gives at the edges a doc comment of
package tensor promises to follow: NaN, ±Inf, ±0 and subnormals through
clip (bounds crossed too; a NaN bound is left out, numpy's answer there
depends on its version), maximum and minimum (ties of signed zeros),
the arithmetic, exp and log at the ends of their range, the reductions
(NaN in a row, empty axes, keepdims), argmax's ties and NaN, allclose in
both orders (numpy's is not symmetric), arange's length when the step does
not divide the span, and dot's four shapes of vectors and matrices (a
scalar operand is left out: numpy hands it to BLAS's scal, which writes +0
for -2·0 and 0 for 0·Inf), for TestAgainstNumpyEdges.
Every float is written as float.hex(), so the file holds numpy's bits.

    /usr/bin/python3 numpy_edges.py   # numpy 1.24.2 wrote the committed file
"""
import json
import warnings

import numpy as np

warnings.simplefilter("ignore")  # 0/0, log(-1) and the mean of nothing warn

nan, inf = float("nan"), float("inf")
tiny = 5e-324  # the smallest subnormal
specials = [nan, inf, -inf, 0.0, -0.0, tiny, -tiny, 1.0, -1.0, 2.5, -2.5, 1e308, -1e308]


def hexes(a):
    return [float(v).hex() for v in np.asarray(a, dtype=np.float64).ravel()]


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": hexes(a)}


cases = []


def case(op, out, *operands, **args):
    c = {"op": op, "operands": [arr(o) for o in operands], "args": args}
    if isinstance(out, (bool, np.bool_)):
        c["bool"] = bool(out)
    elif isinstance(out, list) and out and isinstance(out[0], int):
        c["ints"] = out
    else:
        c["out"] = arr(out)
    cases.append(c)


col = np.array(specials).reshape(-1, 1)
row = np.array(specials).reshape(1, -1)
for name, f in [("Add", np.add), ("Sub", np.subtract), ("Mul", np.multiply), ("Div", np.divide),
                ("Maximum", np.maximum), ("Minimum", np.minimum)]:
    case(name, f(col, row), col, row)

v = np.array(specials + [-1e-300, 709.0, 709.78, 709.79, 710.0, -700.0, -708.4, -708.5, -744.0,
                         -745.0, -745.13, -745.14, -746.0, 1e-20, -1e-20])
case("Exp", np.exp(v), v)
case("Log", np.log(v), v)
case("Neg", -v, v)
for lo, hi in [(-1.0, 1.0), (1.0, -1.0), (0.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (-inf, inf),
               (2.0, 2.0), (tiny, 2 * tiny)]:
    case("Clip", np.clip(v, lo, hi), v, lo=float(lo).hex(), hi=float(hi).hex())

m = np.array([[1.0, nan, 3.0, 3.0], [-0.0, 0.0, -inf, -inf], [2.0, 2.0, 1.0, nan],
              [inf, nan, inf, 1.0], [tiny, -tiny, 0.0, -0.0]])
for axis in [0, 1, -1, -2]:
    for keep in [False, True]:
        case("Sum", np.sum(m, axis=axis, keepdims=keep), m, axis=axis, keepdims=keep)
        case("Mean", np.mean(m, axis=axis, keepdims=keep), m, axis=axis, keepdims=keep)
        case("Max", np.max(m, axis=axis, keepdims=keep), m, axis=axis, keepdims=keep)
    case("Argmax", [int(i) for i in np.argmax(m, axis=axis).ravel()], m, axis=axis)
case("SumAll", np.sum(m), m)
case("MeanAll", np.mean(m), m)
case("MaxAll", np.max(m), m)
case("ArgmaxAll", [int(np.argmax(m))], m)
for ties in [[0.0, -0.0], [-0.0, 0.0], [nan, nan], [-inf, -inf], [1.0, nan, nan], [3.0, 3.0, 1.0]]:
    case("ArgmaxAll", [int(np.argmax(ties))], ties)
    if 0.0 not in ties:  # which zero np.max keeps of a tie depends on its SIMD path
        case("MaxAll", np.max(ties), ties)
for n in [1, 7, 8, 9, 128, 129, 8192, 16384, 16385]:  # sums of -0: numpy's start at +0
    zeros = np.full(n, -0.0)
    case("SumAll", np.sum(zeros), zeros)
    case("Sum", np.sum(zeros.reshape(1, n), axis=1), zeros.reshape(1, n), axis=1, keepdims=False)
    if n < 200:
        case("Sum", np.sum(zeros.reshape(n, 1), axis=0), zeros.reshape(n, 1), axis=0, keepdims=False)
        case("Mean", np.mean(zeros.reshape(n, 1), axis=0), zeros.reshape(n, 1), axis=0, keepdims=False)
empty = np.zeros((0, 3))
for axis in [0, 1]:
    case("Sum", np.sum(empty, axis=axis), empty, axis=axis, keepdims=False)
    case("Mean", np.mean(empty, axis=axis), empty, axis=axis, keepdims=False)
case("SumAll", np.sum(empty), empty)
case("MeanAll", np.mean(empty), empty)

pairs = [(1.0, 1.1), (1.1, 1.0), (100.0, 100.0001), (0.0, 1e-9), (1e-9, 0.0), (inf, inf),
         (-inf, -inf), (inf, -inf), (inf, 1e308), (nan, nan), (nan, 1.0), (-0.0, 0.0),
         (1.0, 2.0), (2.0, 1.0), (-1.0, 1.0)]
for rtol, atol in [(1e-5, 1e-8), (0.095, 0.0), (0.05, 0.0), (0.0, 0.0), (0.5, 0.0), (0.0, 1e-8), (1.0, 0.0)]:
    for a, b in pairs:
        case("AllClose", bool(np.allclose(a, b, rtol=rtol, atol=atol)), [a], [b],
             rtol=float(rtol).hex(), atol=float(atol).hex())

for start, stop, step in [(0, 1, 0.1), (0, 0.3, 0.1), (1, 0, -0.25), (0, 1, 0.25), (0.1, 0.4, 0.1),
                          (-1, 1, 0.5), (0, 1e-300, 1e-301), (5, 5, 1), (5, 1, 1), (0, 10, 3),
                          (1.5, 2.9, 0.7)]:
    case("Arange", np.arange(start, stop, step), start=float(start).hex(), stop=float(stop).hex(),
         step=float(step).hex())

a23 = np.array([[1.0, -2.0, 0.5], [inf, 0.0, -0.0]])
b32 = np.array([[0.0, 1.0], [2.0, -0.0], [nan, 3.0]])
v3 = np.array([1.0, 0.0, -2.0])
v2 = np.array([0.0, -inf])
case("Dot", np.dot(a23, b32), a23, b32)
case("Dot", np.dot(a23, v3), a23, v3)
case("Dot", np.dot(v2, a23), v2, a23)
case("Dot", np.dot(v3, v3), v3, v3)
case("Transpose", np.transpose(a23), a23)
case("Transpose", np.transpose(v3), v3)

with open("numpy_edges.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, indent=0)
    f.write("\n")
