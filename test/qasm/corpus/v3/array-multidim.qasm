// covers: multi-dimensional arrays: array[float[64], 2, 3] with a nested initialiser, b[i][j] and b[i, j] indexing, element assignment, sizeof(b, 1), a row b[1] and a slice as arrays, loops over the dimensions
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
array[float[64], 2, 3] b = {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}};
array[int, 2, 2] m = {{1, 2}, {3, 4}};
b[0, 2] = b[1][0] + b[1, 1];
float total = 0.0;
for int i in [0:1] {
  for int j in [0:2] {
    total += b[i][j];
  }
}
ry(b[0][2]) q[0];
ry(total / 2.0) q[1];
ry(0.2 * m[1, 0] + 0.1 * sizeof(b, 1)) q[2];
c = measure q;
