// covers: pragma and #pragma lines, annotations @name text before statements (also in a gate body and a loop), not interpreted
// expect: ok
// qsharp: no — qsharp-lang refuses pragmas it does not know and annotations outside its own set
OPENQASM 3.0;
include "stdgates.inc";
pragma qseq.optimize level 2
#pragma target example
gate g(a) tg {
  @keep
  ry(a) tg;
}
qubit[2] q;
bit[2] c;
@label first layer
h q[0];
for int i in [0:1] {
  @step i
  g(0.4) q[1];
}
@reversible
cx q[0], q[1];
c = measure q;
