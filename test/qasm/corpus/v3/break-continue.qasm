// covers: break and continue in for and while loops (conditions known at import time), in nested loops
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
output bit[4] c;
for int i in [0:9] {
  if (i == 4) break;
  if (i % 2 == 1) continue;
  rx(0.35) q[0];
}
int k = 0;
while (true) {
  k += 1;
  if (k > 3) break;
  if (k == 2) { continue; }
  ry(0.6) q[1];
}
for int i in [0:2] {
  for int j in [0:2] {
    if (j > i) break;
    crx(0.3) q[i], q[3];
  }
  h q[i];
}
c = measure q;
