// covers: break of a for loop under an if on a measured bit: the loop stays unrolled, later iterations and the rest of the body run only while no break happened (P(r = 1) = 5/16)
// expect: ok
// qsharp: yes
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
