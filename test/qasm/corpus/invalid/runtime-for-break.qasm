// covers: break of a for loop (unrolled at import time) under an if on a measured bit (E1002; a while loop would become a run-time loop)
// expect: E1002 14:5
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
bit b;
output bit r;
for int i in [0:2] {
  reset q[0];
  h q[0];
  b = measure q[0];
  if (b) {
    break;
  }
  rx(pi / 2) q[1];
}
r = measure q[1];
