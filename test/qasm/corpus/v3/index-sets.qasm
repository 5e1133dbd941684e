// covers: index sets q[{…}] on qubits (in any order) and bits, in gate operands, in measurements and in a let alias
// expect: ok
// qsharp: no — qsharp-lang allows index sets only in alias statements ("index sets are only allowed in alias statements")
OPENQASM 3.0;
include "stdgates.inc";
qubit[5] q;
bit[5] c;
h q[{0, 3}];
cx q[{0, 3}], q[{1, 4}];
ry(0.9) q[{2}];
let pick = q[{4, 2}];
cz pick[0], pick[1];
h q[{4, 2}];
c[{0, 2, 4}] = measure q[{0, 2, 4}];
c[{3, 1}] = measure q[{1, 3}];
