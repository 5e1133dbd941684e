// covers: U under ctrl — the spec's U has det e^{i(φ+λ)}, so the controlled phase is observable
// expect: ok
// qsharp: no — qsharp-lang's built-in U is the spec's matrix times e^{iθ/2} (test/support/qsharp.ts), which ctrl makes observable
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
ry(0.6) q[1];
ctrl @ U(0.9, 0.4, 1.3) q[0], q[1];
negctrl @ U(1.7, 0.2, 0.5) q[0], q[1];
h q[0];
c = measure q;
