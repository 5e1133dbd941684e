// covers: one-dimensional arrays: array[int[8], n] and array[float[64], n] with initialisers, a zero-initialised array, indexing (negative too), element assignment and +=, sizeof, for over an array; elements steer angles
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
array[int[8], 4] steps = {1, 2, 3, 4};
array[float[64], 3] th = {0.3, 0.7, 1.1};
array[int, 2] order = {2, 0};
array[int, 3] acc;
acc[1] = 5;
acc[1] += steps[-1];
th[2] = th[0] + th[1];
for int k in steps {
  acc[0] += k;
}
ry(th[order[0]]) q[0];
ry(0.1 * acc[0]) q[1];
ry(0.1 * acc[1] + 0.05 * sizeof(steps)) q[2];
c = measure q;
