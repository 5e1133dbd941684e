// covers: gphase at top level (unobservable), under ctrl, ctrl(2) and negctrl, and inside a controlled gate definition
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
gate phased(a) tg {
  gphase(a);
  x tg;
}
qubit[4] q;
bit[4] c;
gphase(0.3);
h q[0];
h q[1];
h q[2];
ctrl @ gphase(0.7) q[0];
ctrl(2) @ gphase(1.9) q[1], q[2];
negctrl @ gphase(2.4) q[2];
ctrl @ phased(pi / 2) q[1], q[3];
h q;
c = measure q;
