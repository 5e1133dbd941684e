// A small unified diff of two texts, line by line (Myers' O(ND) algorithm), for `qseq fmt --diff`.

type Edit = { readonly op: " " | "-" | "+"; readonly line: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The shortest edit script from a to b. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length, m = b.length, max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  // walk back through the saved frontiers
  const edits: Edit[] = [];
  let x = n, y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { edits.push({ op: " ", line: a[x - 1]! }); x--; y--; }
    if (d > 0) {
      if (x === prevX) edits.push({ op: "+", line: b[y - 1]! });
      else edits.push({ op: "-", line: a[x - 1]! });
    }
    x = prevX; y = prevY;
  }
  return edits.reverse();
}

/** A unified diff (3 lines of context), or "" when the texts are equal. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === after) return "";
  const a = splitLines(before), b = splitLines(after);
  const edits = diffLines(a, b);
  const out: string[] = [`--- ${file}`, `+++ ${file} (formatted)`];
  let i = 0;
  // positions in a and b before each edit
  const posA: number[] = [], posB: number[] = [];
  let pa = 0, pb = 0;
  for (const e of edits) { posA.push(pa); posB.push(pb); if (e.op !== "+") pa++; if (e.op !== "-") pb++; }
  while (i < edits.length) {
    if (edits[i]!.op === " ") { i++; continue; }
    let start = Math.max(0, i - context);
    let end = i;
    // extend the hunk while changes are within 2·context lines of each other
    for (;;) {
      while (end < edits.length && edits[end]!.op !== " ") end++;
      let next = end;
      while (next < edits.length && edits[next]!.op === " ") next++;
      if (next < edits.length && next - end <= 2 * context) { end = next; continue; }
      end = Math.min(edits.length, end + context);
      break;
    }
    const hunk = edits.slice(start, end);
    const lenA = hunk.filter((e) => e.op !== "+").length, lenB = hunk.filter((e) => e.op !== "-").length;
    const startA = lenA ? posA[start]! + 1 : posA[start]!, startB = lenB ? posB[start]! + 1 : posB[start]!;
    out.push(`@@ -${startA},${lenA} +${startB},${lenB} @@`);
    for (const e of hunk) out.push(e.op + e.line);
    i = end;
    start = end;
  }
  const noNewline = (t: string) => t !== "" && !t.endsWith("\n");
  if (noNewline(before) || noNewline(after)) out.push("\\ (a text without a final newline)");
  return out.join("\n") + "\n";
}
