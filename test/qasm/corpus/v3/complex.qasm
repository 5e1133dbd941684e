// covers: complex numbers: complex declarations, imaginary literals, + - * / ** on complex values, mixing with float and int, real() and imag() as gate angles
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
complex u = 0.5 + 0.25im;
complex w = 1.0 - 2.0im;
complex v = u * w;
complex r = (u + w) / 2.0;
complex sq = u ** 2;
ry(real(v)) q[0];
ry(-imag(v) + real(r)) q[1];
ry(10.0 * real(sq) - imag(r)) q[2];
c = measure q;
