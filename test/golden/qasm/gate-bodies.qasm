OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
float global_angle = 0.3;
gate uses_global a { rx(global_angle) a; }
gate indexes(t) a, b { x a[0]; ry(t) b; }
gate loops(t) a, b { for int i in [0:t] { x a; } }
gate self a { self a; }
gate twice a, a { x a; }
gate powered(t) a { pow(t) @ x a; }
gate fine(t) a, b { for int i in [0:1] { rz(t * i) a; } ctrl @ rx(t / 2) a, b; }
fine(0.2) q[0], q[1];
