// covers: def subroutines with classical returns (int, float, bit via return measure), used in expressions and declarations
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
def double(int x) -> int {
  return 2 * x;
}
def half_angle(float a) -> float {
  return a / 2.0;
}
def read(qubit a) -> bit {
  h a;
  return measure a;
}
qubit[3] q;
output bit[3] c;
int k = double(3) + 1;
ry(half_angle(0.2 * k)) q[0];
c[0] = measure q[0];
c[1] = read(q[1]);
rx(half_angle(half_angle(2.4))) q[2];
c[2] = measure q[2];
