# Writes the .npy and .npz files of numpy's own that tensor's tests read
# beside matrix.npy, vector.npy, scalar.npy, fortran.npy, int32.npy and
# params.npz (written by np.save and np.savez from the arrays the tests
# name): python3 numpy_files.py, with Debian's python3-numpy (numpy 1.24).
import numpy as np

m = np.array([[1.5, -2.0, 3.0], [4.0, 5.0, 0.1]])
np.save('float32.npy', m.astype('<f4'))
np.save('bigendian.npy', m.astype('>f8'))
cube = (np.arange(24).reshape(2, 3, 4) / 8).astype('>f4')
np.save('fortran_f4_be.npy', np.asfortranarray(cube))
np.save('fortran_2d.npy', np.asfortranarray(m))
# More values than one 32 KiB block of the reader holds, and not a multiple.
np.save('fortran_blocks.npy', np.asfortranarray((np.arange(10001) / 8).astype('<f4').reshape(73, 137)))
np.save('empty.npy', np.zeros((0, 3)))
np.savez_compressed('compressed.npz', W1=np.arange(6.0).reshape(3, 2), b1=np.zeros(2))
