# Writes the model files that train's tests load, as numpy users write
# them: python3 numpy_models.py (Debian's python3-numpy, numpy 1.24).
# Each is a 784-3-10 TwoLayerNet; the values are k/1000 for the k-th
# element of W1, b1, W2, b2 in row-major order, so the test can check them.
import numpy as np


def params(dtype):
    shapes = {'W1': (784, 3), 'b1': (3,), 'W2': (3, 10), 'b2': (10,)}
    return {k: (np.arange(np.prod(s)).reshape(s) / 1000).astype(dtype) for k, s in shapes.items()}


p = params('<f4')
np.savez('float32.npz', **p)                                    # numpy's and PyTorch's usual dtype
q = params('>f8')
np.savez('bigendian.npz', **q)                                  # big-endian float64
r = params('<f8')
np.savez('fortran.npz', W1=np.asfortranarray(r['W1']), b1=r['b1'], W2=np.asfortranarray(r['W2']), b2=r['b2'])
np.savez_compressed('compressed.npz', **r)
bad = dict(r)
bad['W2'] = bad['W2'].copy()
bad['W2'][0, :4] = [np.nan, np.inf, -np.inf, np.nan]
np.savez('nan.npz', **bad)                                      # 4 bad values in W2
np.savez('wrongshape.npz', W1=r['W1'], b1=r['b1'], W2=r['W2'].T, b2=r['b2'])  # W2 transposed
