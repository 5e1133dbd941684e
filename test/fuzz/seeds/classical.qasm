OPENQASM 3;
include "stdgates.inc";
// A hand-written fuzz seed: classical compile-time computation, casts, slices, index sets, let.
const uint m = 3;
int acc = 0;
for uint k in [1:2:5] { acc += k * k; }
float[32] f = sqrt(2.0) + ln(euler) + arctan(1) * 4;
angle[8] ang = pi / 3;
bool ok = acc % 4 == 3 || !(m > 2);
qreg r[5];
creg out[5];
let left = r[0:1];
let both = left ++ r[{3, 4}];
h both;
rxx(f) r[0], r[1];
ryy(ang) r[2], r[3];
rzz(acc / 7) r[3], r[4];
crx(-pi) r[0], r[4];
cu(0.1, 0.2, 0.3, 0.4) r[1], r[2];
ccx r[0], r[1], r[2];
cswap r[2], r[3], r[4];
iswap r[0], r[1];
sxdg r[2];
ccz r[1], r[2], r[3];
ctrl(2) @ gphase(pi) r[0], r[1];
if (ok) { sdg r[-1]; }
measure r -> out;
