// covers: line and block comments everywhere (between tokens, multi-line, Unicode text), several statements on one line
// expect: ok
// qsharp: yes
OPENQASM 3.0; /* the version, then */ include "stdgates.inc";
/* a block comment
   over several lines — with Unicode: θ, φ, ψ */
qubit[2] q; // two qubits
bit[2] c;
h /* inside */ q[0]; cx q[0], /* between operands */ q[1];
ry(/* angle: */ 0.6) q[1]; // trailing
c = measure q;
