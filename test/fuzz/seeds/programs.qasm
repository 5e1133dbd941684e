OPENQASM 3.0;
include "stdgates.inc";
// A hand-written fuzz seed: gate definitions with modifiers, loops, measurement, reset, if/else.
const int n = 4;
input float[64] theta;
input angle[16] phi;
gate layer(a, b) p, q {
  rx(a) p;
  ry(b / 2) q;
  cx p, q;
  ctrl @ rz(a - b) p, q;
}
gate wrap(t) x, y, z {
  inv @ layer(t, 2 * t) x, y;
  negctrl(2) @ h x, y, z;
  pow(2) @ s z;
}
qubit[n] q;
qubit anc;
bit[n] c;
bit flag;
reset q;
h q;
for int i in [0:n - 2] {
  layer(theta * i, phi) q[i], q[i + 1];
}
for int j in {0, 2} { wrap(pi / (j + 1)) q[j], q[j + 1], anc; }
ctrl(2) @ x q[0], q[1], anc;
flag = measure anc;
if (flag == 1) { x q[0]; } else { z q[1]; }
c[0] = measure q[0];
if (c[0] && !flag) x q[2];
barrier q;
c[1:3] = measure q[1:3];
if (c == 5) reset anc;
gphase(pi / 8);
U(0.1, 0.2, 0.3) anc;
measure anc -> flag;
