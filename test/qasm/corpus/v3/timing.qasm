// covers: timing no-ops: duration and stretch declarations, duration arithmetic (+, scaling, duration / duration), delay on qubits and registers, box, box[d], nop
// expect: ok
// qsharp: no — qsharp-lang refuses delay, duration values, stretch, box[d] and nop ("not supported")
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
const duration d = 100ns;
duration e = d * 2 + 50ns;
duration u = 1.5us - e;
float ratio = u / d;
stretch gap;
h q[0];
delay[e] q[0];
delay[u] q;
delay[gap] q[1];
ry(0.1 * ratio) q[1];
box {
  cx q[0], q[1];
}
box[300ns] {
  rz(0.4) q[1];
  delay[10dt] q[0];
}
nop;
nop q[0];
h q[1];
c = measure q;
