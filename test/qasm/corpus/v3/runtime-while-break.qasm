// covers: while (true) left by a break decided by a measured register (c[0] != c[1]), with a second break bounding the tries (the unrolled loop restarts as a run-time loop)
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
output bit[2] c;
output bit[2] cnt;
uint[2] n = 0;
while (true) {
  n += 1;
  reset q;
  h q[0];
  h q[1];
  c = measure q;
  // two fair coins that differ: probability 1/2 per try
  if (c[0] != c[1]) {
    break;
  }
  if (n >= 3) break;
}
cnt[0] = n == 1 || n == 3;
cnt[1] = n >= 2;
