// Circuit drawings rendered to PNG in a real browser: Debian's chromium, installed by the project's own
// script (scripts/install-chromium.sh) when it is missing. The committed SVG drawing of every example is
// rendered, and the picture is checked: its size is the drawing's, it is not blank, and the wires and the
// title are where the SVG puts them; `qseq draw -o circuit.png` writes the same kind of file.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cropPng, decodePng, encodePng, findChromium, svgSize, svgToPng, type Image } from "../../src/draw/png.js";

let chromium: string | undefined;

beforeAll(() => {
  chromium = findChromium();
  if (!chromium) {
    const r = spawnSync("bash", ["scripts/install-chromium.sh"], { encoding: "utf8", timeout: 600_000 });
    if (r.status !== 0) throw new Error(`scripts/install-chromium.sh failed (exit ${r.status}): ${r.stderr}`);
    chromium = findChromium();
  }
  if (!chromium) throw new Error("no Chromium after scripts/install-chromium.sh");
}, 600_000);

const pixel = (img: Image, x: number, y: number) => [...img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x) * img.channels + 3)];
const isWhite = (p: number[]) => p.every((v) => v > 245);

describe("PNG encoding", () => {
  it("decodes what it encodes, and crops", () => {
    const data = Buffer.alloc(5 * 4 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) & 255;
    const img: Image = { width: 5, height: 4, channels: 3, data };
    const back = decodePng(encodePng(img));
    expect(back).toEqual(img);
    const cropped = decodePng(cropPng(encodePng(img), 2, 3));
    expect([cropped.width, cropped.height]).toEqual([2, 3]);
    expect(pixel(cropped, 1, 2)).toEqual(pixel(img, 1, 2));
  });
});

describe("drawings rendered in headless Chromium", () => {
  const drawings = readdirSync("docs/drawings").filter((f) => f.endsWith(".svg")).sort();

  it.each(drawings)("docs/drawings/%s renders at its size, not blank, wires where the SVG draws them", (file) => {
    const svg = readFileSync(join("docs/drawings", file), "utf8");
    const { width, height } = svgSize(svg);
    const img = decodePng(svgToPng(svg, chromium));
    expect([img.width, img.height]).toEqual([width, height]);
    let ink = 0;
    for (let y = 0; y < img.height; y += 2) for (let x = 0; x < img.width; x += 2) if (!isWhite(pixel(img, x, y))) ink++;
    const fraction = ink / ((img.width / 2) * (img.height / 2));
    expect(fraction).toBeGreaterThan(0.01); // wires, boxes, text
    expect(fraction).toBeLessThan(0.6);
    // every horizontal wire line of the SVG is drawn: somewhere along it the pixels are dark
    const wires = [...svg.matchAll(/<line x1="(\d+)" y1="(\d+)" x2="(\d+)" y2="\2" stroke="#222"\/>/g)].slice(0, 8);
    expect(wires.length).toBeGreaterThan(0);
    for (const [, x1, y, x2] of wires) {
      const row = Number(y);
      const xs = Array.from({ length: 20 }, (_, i) => Math.round(Number(x1) + ((Number(x2) - Number(x1)) * (i + 0.5)) / 20));
      expect(xs.some((x) => !isWhite(pixel(img, x, row))), `${file}: wire at y = ${row}`).toBe(true);
    }
  });

  it("qseq draw -o circuit.png writes the rendered drawing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "qseq-png-")), "circuit.png");
    const r = spawnSync(process.execPath, ["bin/qseq.js", "draw", "examples/one-qubit-rnn.qseq", "--inputs", "examples/one-qubit-rnn.inputs.json", "-o", out], {
      encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...(chromium ? { QSEQ_CHROMIUM: chromium } : {}) },
    });
    expect(r.status, r.stderr).toBe(0);
    const img = decodePng(readFileSync(out));
    const svg = readFileSync("docs/drawings/one-qubit-rnn.svg", "utf8");
    expect(img.width).toBeGreaterThan(100);
    expect(img.height).toBeGreaterThan(50);
    expect(img.width).toBeLessThanOrEqual(svgSize(svg).width + 1);
  });
});
