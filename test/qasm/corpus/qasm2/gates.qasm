OPENQASM 2.0;
include "qelib1.inc";
// user gates built from U and CX, with OpenQASM 2's `^` as a power
gate myrz(theta) a { U(0,0,theta) a; }
gate entangle(theta) a,b { h a; CX a,b; myrz(theta/2^2) b; }
qreg q[3];
creg c[3];
entangle(pi) q[0],q[1];
entangle(2*pi/3) q[1],q[2];
h q[1];
measure q -> c;
