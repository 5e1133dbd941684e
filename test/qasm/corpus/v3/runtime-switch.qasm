// covers: switch on a measured 3-bit register: a case with an empty body, case lists, default (case lists closed under bit reversal, so qsharp-lang's most-significant-first reading gives the same result)
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[5] q;
output bit[3] c;
output bit[2] r;
h q[0];
ry(pi / 3) q[1];
h q[2];
c = measure q[0:2];
switch (c) {
  case 0 { }
  case 1, 4 {
    x q[3];
  }
  case 2, 5 {
    x q[4];
  }
  case 3, 6 {
    x q[3];
    x q[4];
  }
  default {
    h q[3];
  }
}
r[0] = measure q[3];
r[1] = measure q[4];
