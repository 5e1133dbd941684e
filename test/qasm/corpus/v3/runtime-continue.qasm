// covers: continue decided by a measured bit in a while loop: the rest of the body (a gate) is skipped at run time; a counter updated before the continue
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
output bit flag;
output bit[2] skipped;
bit m;
uint[2] i = 0;
uint[2] ones = 0;
while (i < 3) {
  i += 1;
  reset q[0];
  h q[0];
  m = measure q[0];
  if (m) {
    ones += 1;
    continue;
  }
  // reached only for a 0: q[1] gets rx(π/2) once per 0 among the three coins
  rx(pi / 2) q[1];
}
flag = measure q[1];
skipped[0] = ones == 1 || ones == 3;
skipped[1] = ones >= 2;
