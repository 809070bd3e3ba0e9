/**
 * A Deflated Explicit VR Little Endian file whose data set is a deflate bomb: a few hundred KiB that inflate
 * to 300 MB of zeros behind an element declaring a 512 MiB value. The inflating source has no known size, so
 * the declared length cannot be checked against it; the reader must refuse it (SIZE_LIMIT) instead of
 * buffering the inflated bytes.
 */
import { describe, expect, it } from "vitest";
import { deflateRawSync } from "node:zlib";
import { openDicom } from "../../src/part10/open.js";
import { MAX_STREAMED_VALUE_BYTES } from "../../src/part10/cursor.js";
import { DicomPixelError } from "../../src/errors.js";

/** Explicit VR LE element with a 2-byte length (short VRs) or the 4-byte form for OB. */
function element(group: number, elem: number, vr: string, value: Uint8Array, declared?: number): Uint8Array {
  const long = vr === "OB" || vr === "UN";
  const out = new Uint8Array((long ? 12 : 8) + value.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, group, true);
  dv.setUint16(2, elem, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) dv.setUint32(8, declared ?? value.length, true);
  else dv.setUint16(6, value.length, true);
  out.set(value, long ? 12 : 8);
  return out;
}

const text = (s: string) => new TextEncoder().encode(s.length % 2 ? s + "\0" : s);

function bombFile(inflatedZeros: number, declared: number): Uint8Array {
  const ts = element(0x0002, 0x0010, "UI", text("1.2.840.10008.1.2.1.99"));
  const groupLength = element(0x0002, 0x0000, "UL", new Uint8Array(new Uint32Array([ts.length]).buffer));
  const header = element(0x0009, 0x0010, "LO", text("BOMB")); // private creator, then the bomb in (0009,1000)
  const bombHead = element(0x0009, 0x1000, "OB", new Uint8Array(0), declared);
  const dataset = new Uint8Array(header.length + bombHead.length + inflatedZeros);
  dataset.set(header, 0);
  dataset.set(bombHead, header.length);
  const deflated = deflateRawSync(dataset, { level: 9 });
  const file = new Uint8Array(132 + groupLength.length + ts.length + deflated.length);
  file.set(text("DICM"), 128);
  file.set(groupLength, 132);
  file.set(ts, 132 + groupLength.length);
  file.set(deflated, 132 + groupLength.length + ts.length);
  return file;
}

describe("deflate bomb in a Deflated Explicit VR Little Endian data set", () => {
  it("a value declared larger than the streamed-value cap is SIZE_LIMIT, without inflating it", async () => {
    const declared = 512 * 1024 * 1024;
    expect(declared).toBeGreaterThan(MAX_STREAMED_VALUE_BYTES);
    const file = bombFile(300_000_000, declared);
    expect(file.length).toBeLessThan(1_000_000); // 300 MB of zeros deflate to a few hundred KiB
    const before = process.memoryUsage().rss;
    let error: unknown;
    try {
      await openDicom(file, { stopBefore: 0x100000000 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DicomPixelError);
    expect((error as DicomPixelError).code).toBe("SIZE_LIMIT");
    expect((error as Error).message).toMatch(/\(0009,1000\).*536870912/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("an honest value in a deflated data set still reads", async () => {
    const ts = element(0x0002, 0x0010, "UI", text("1.2.840.10008.1.2.1.99"));
    const groupLength = element(0x0002, 0x0000, "UL", new Uint8Array(new Uint32Array([ts.length]).buffer));
    const dataset = element(0x0010, 0x0010, "PN", text("Doe^Jane"));
    const deflated = deflateRawSync(dataset);
    const file = new Uint8Array(132 + groupLength.length + ts.length + deflated.length);
    file.set(text("DICM"), 128);
    file.set(groupLength, 132);
    file.set(ts, 132 + groupLength.length);
    file.set(deflated, 132 + groupLength.length + ts.length);
    const f = await openDicom(file, { stopBefore: 0x100000000 });
    expect(f.dataset.string(0x00100010)).toBe("Doe^Jane");
    await f.close();
  });
});
