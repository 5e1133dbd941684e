// covers: angle types: angle[4] rounding to multiples of 2π/16, wrap-around of angle arithmetic past 2π, angle[8], plain angle
// expect: ok
// qsharp: no — qsharp-lang fails at run time mixing angle widths ("Angle sizes must be the same")
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
angle[4] a = 7.0;
angle[4] b = a + 6.0;
angle[8] d = 1.0;
angle e = 2.0 * pi + 0.75;
h q;
rz(a) q[0];
rz(b) q[1];
rz(d) q[2];
rz(e) q[2];
h q;
c = measure q;
