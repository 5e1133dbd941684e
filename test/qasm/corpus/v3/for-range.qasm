// covers: for over ranges: [a:b] (inclusive), [a:s:b] with a step, a negative step, the loop variable in angles and indices, an empty range
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[4] c;
for int i in [0:3] {
  h q[i];
}
for int i in [0:2:3] {
  cx q[i], q[i + 1];
}
for int k in [3:-1:1] {
  cry(0.3 * k) q[k], q[k - 1];
}
for uint j in [1:2:3] rz(0.4 * j) q[j];
for int e in [2:1] x q[0];
for int i in [3:-2:0] ry(0.2 + 0.1 * i) q[i];
h q;
c = measure q;
