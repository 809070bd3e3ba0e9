/** Shared helpers of the writer tests: a small data set built from scratch, dcmdump as an oracle. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSet } from "../../src/part10/dataset.js";

export const TS = {
  implicit: "1.2.840.10008.1.2",
  explicitLE: "1.2.840.10008.1.2.1",
  deflated: "1.2.840.10008.1.2.1.99",
  explicitBE: "1.2.840.10008.1.2.2",
} as const;

export interface SmallImage {
  rows: number;
  columns: number;
  samples: number;
  bitsAllocated: number;
  bitsStored?: number;
  frames: number;
  signed?: boolean;
}

/** A data set with the Image Pixel module of `img` and a few other attributes (sequence, multi-valued...). */
export function smallDataSet(img: SmallImage): DataSet {
  const ds = new DataSet();
  ds.setValue(0x00080005, "CS", "ISO_IR 100");
  ds.setValue(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7");
  ds.setValue(0x00080018, "UI", "2.25.1234567890123456789");
  ds.setValue(0x00080060, "CS", "OT");
  ds.setValue(0x00100010, "PN", "Doe^Jane");
  ds.setValue(0x00100020, "LO", "ID1");
  ds.setValue(0x00181063, "DS", ["33.3"]);
  ds.setValue(0x00200013, "IS", 1);
  const item = new DataSet();
  item.setValue(0x00080100, "SH", "121327");
  item.setValue(0x00080102, "SH", "DCM");
  item.setValue(0x00080104, "LO", "Full fidelity image");
  ds.set({ tag: 0x0008114a, vr: "SQ", length: 0, offset: -1, items: [item] });
  ds.setValue(0x00280002, "US", img.samples);
  ds.setValue(0x00280004, "CS", img.samples === 3 ? "RGB" : "MONOCHROME2");
  if (img.samples > 1) ds.setValue(0x00280006, "US", 0);
  ds.setValue(0x00280008, "IS", String(img.frames));
  ds.setValue(0x00280010, "US", img.rows);
  ds.setValue(0x00280011, "US", img.columns);
  const bs = img.bitsStored ?? img.bitsAllocated;
  ds.setValue(0x00280100, "US", img.bitsAllocated);
  ds.setValue(0x00280101, "US", bs);
  ds.setValue(0x00280102, "US", bs - 1);
  ds.setValue(0x00280103, "US", img.signed ? 1 : 0);
  ds.setValue(0x00281050, "DS", ["128", "40"]);
  ds.setValue(0x00281051, "DS", ["256", "400"]);
  return ds;
}

/** Deterministic frame bytes (LE cells). */
export function frameBytes(img: SmallImage, index: number): Uint8Array {
  const n = img.rows * img.columns * img.samples * (img.bitsAllocated / 8);
  const out = new Uint8Array(n);
  let x = (index + 1) * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  if (img.bitsAllocated === 16 && (img.bitsStored ?? 16) < 16) {
    const mask = (1 << (img.bitsStored ?? 16)) - 1;
    for (let i = 1; i < n; i += 2) out[i]! &= mask >>> 8;
  }
  return out;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "dicompix-writer-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** dcmdump output and its stderr (warnings/errors). */
export function dcmdump(path: string, args: string[] = []): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync("dcmdump", [...args, path], { encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function hasTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
