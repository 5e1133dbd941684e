// covers: switch on a measured 2-bit register with non-palindromic cases: case 1 means c[0] = 1, c[1] = 0 (c[0] is the least significant bit, as the specification says)
// expect: ok
// qsharp: no — qsharp-lang reads c[0] as the most significant bit when it converts a register to an integer (see if-register-order.qasm)
OPENQASM 3.1;
include "stdgates.inc";
qubit[4] q;
output bit[2] c;
output bit[2] r;
h q[0];
ry(pi / 3) q[1];
c = measure q[0:1];
switch (c) {
  case 1 {
    x q[2];
  }
  case 2 {
    x q[3];
  }
  default { }
}
r[0] = measure q[2];
r[1] = measure q[3];
