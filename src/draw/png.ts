// SVG → PNG in a real browser: headless Chromium (Debian's `chromium`; scripts/install-chromium.sh installs
// it) screenshots a page holding the drawing, and the screenshot is cropped to the drawing's size.
//
// Headless Chromium clips pages shorter than its minimum window height, so the window is at least
// MIN_WINDOW on each side and the PNG is cropped afterwards (a small PNG decoder and encoder below:
// 8-bit RGB/RGBA, no interlace — what Chromium writes).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateSync, inflateSync } from "node:zlib";

const MIN_WINDOW = 600;
/** Largest drawing rendered (pixels per side). */
const MAX_SIDE = 16_384;

/** No browser to render with (the CLI reports it as a usage error, with how to install one). */
export class RendererMissingError extends Error {
  constructor() {
    super("rendering PNG needs Chromium (Debian's `chromium`): install it with scripts/install-chromium.sh, or set QSEQ_CHROMIUM to a Chromium binary");
    this.name = "RendererMissingError";
  }
}

/** The browser ran but gave no image, or the drawing is too large to render. */
export class PngRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PngRenderError";
  }
}

/** The Chromium binary: $QSEQ_CHROMIUM, or the first of chromium, chromium-browser, google-chrome on PATH. */
export function findChromium(): string | undefined {
  const candidates = [process.env["QSEQ_CHROMIUM"], "chromium", "chromium-browser", "google-chrome"].filter((x): x is string => !!x);
  for (const c of candidates) {
    const r = spawnSync(c, ["--version"], { encoding: "utf8", timeout: 20_000 });
    if (r.status === 0) return c;
  }
  return undefined;
}

/** The drawing's size in pixels, from the root element's width/height (or viewBox). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string) => new RegExp(`\\s${name}="([\\d.]+)(px)?"`).exec(root)?.[1];
  let width = Number(attr("width")), height = Number(attr("height"));
  if (!(width > 0 && height > 0)) {
    const vb = /\sviewBox="[\d.-]+\s+[\d.-]+\s+([\d.]+)\s+([\d.]+)"/.exec(root);
    width = Number(vb?.[1]);
    height = Number(vb?.[2]);
  }
  if (!(width > 0 && height > 0)) throw new Error("the SVG has no width and height (or viewBox) to render at");
  return { width: Math.ceil(width), height: Math.ceil(height) };
}

/** Renders a standalone SVG to PNG bytes in headless Chromium. */
export function svgToPng(svg: string, chromium = findChromium()): Buffer {
  if (!chromium) throw new RendererMissingError();
  const { width, height } = svgSize(svg);
  if (width > MAX_SIDE || height > MAX_SIDE) throw new PngRenderError(`the drawing is ${width}×${height} pixels, more than ${MAX_SIDE} on a side: draw fewer steps (--max-steps) or fold it (--fold)`);
  const dir = mkdtempSync(join(tmpdir(), "qseq-png-"));
  try {
    const page = join(dir, "drawing.html");
    writeFileSync(page, `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`);
    const out = join(dir, "drawing.png");
    const r = spawnSync(chromium, [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
      "--force-device-scale-factor=1", `--user-data-dir=${join(dir, "profile")}`,
      `--window-size=${Math.max(width, MIN_WINDOW)},${Math.max(height, MIN_WINDOW)}`,
      `--screenshot=${out}`, pathToFileURL(page).href,
    ], { encoding: "utf8", timeout: 60_000 });
    let png: Buffer;
    try {
      png = readFileSync(out);
    } catch {
      throw new PngRenderError(`Chromium did not write the screenshot (exit ${r.status}): ${(r.stderr ?? "").split("\n").filter((l) => !/dbus|DBus/.test(l)).slice(-3).join(" ")}`);
    }
    return cropPng(png, width, height);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ─────────────────────────────────────────── PNG ───────────────────────────────────────────

export interface Image { readonly width: number; readonly height: number; readonly channels: 3 | 4; readonly data: Buffer }

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG. */
export function decodePng(png: Buffer): Image {
  if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let off = 8, width = 0, height = 0, channels: 3 | 4 = 3;
  const idat: Buffer[] = [];
  while (off + 8 <= png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString("ascii", off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || (data[9] !== 2 && data[9] !== 6) || data[12] !== 0) throw new Error("only 8-bit non-interlaced RGB/RGBA PNGs are supported");
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = width * channels;
  const out = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)]!;
    for (let x = 0; x < rowBytes; x++) {
      const at = y * rowBytes + x;
      const a = x >= channels ? out[at - channels]! : 0;
      const b = y > 0 ? out[at - rowBytes]! : 0;
      const c = x >= channels && y > 0 ? out[at - rowBytes - channels]! : 0;
      let v = raw[y * (rowBytes + 1) + 1 + x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[at] = v & 255;
    }
  }
  return { width, height, channels, data: out };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an image as PNG (filter 0, deterministic). */
export function encodePng(img: Image): Buffer {
  const rowBytes = img.width * img.channels;
  const raw = Buffer.alloc((rowBytes + 1) * img.height);
  for (let y = 0; y < img.height; y++) img.data.copy(raw, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8;
  ihdr[9] = img.channels === 4 ? 6 : 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** The top-left width × height of a PNG. */
export function cropPng(png: Buffer, width: number, height: number): Buffer {
  const img = decodePng(png);
  const w = Math.min(width, img.width), h = Math.min(height, img.height);
  const rowBytes = w * img.channels;
  const data = Buffer.alloc(rowBytes * h);
  for (let y = 0; y < h; y++) img.data.copy(data, y * rowBytes, y * img.width * img.channels, y * img.width * img.channels + rowBytes);
  return encodePng({ width: w, height: h, channels: img.channels, data });
}
