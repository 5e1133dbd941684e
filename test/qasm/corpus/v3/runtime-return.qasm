// covers: `return` from a subroutine under an if on a measured bit: the rest of the body runs only where it did not return, the result is a run-time value
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
def coin(qubit a, qubit b) -> int {
  bit m = measure a;
  if (m) { return 2; }
  x b;
  return 1;
}
qubit[2] q;
output bit r;
output bit two;
ry(pi / 3) q[0];
int k = coin(q[0], q[1]);
two = k == 2;
r = measure q[1];
