// covers: integer arithmetic in const and plain variables: + - * / (truncating) % ** unary minus, bitwise & | ^ << >> (~ is in builtins-more.qasm: qsharp-lang refuses it on int), comparisons; results steer angles
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
output bit[4] c;
const int a = 7 / 2;
const int b = -7 / 2;
const int m = 17 % 5;
const int pw = 2 ** 4;
int xv = (a * 10 + m) - b;
int yv = (12 & 10) | (1 << 4);
int zv = (yv ^ 5) >> 1;
int w = -1;
bool big = xv > 30;
ry(0.05 * xv) q[0];
ry(0.1 * pw) q[1];
ry(0.02 * zv) q[2];
if (big && w == -1) ry(0.9) q[3];
if (a == 3 && b == -3) h q[3];
c = measure q;
