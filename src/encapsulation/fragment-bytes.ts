/** A frame's codestream: its fragments' values read from the source and concatenated (PS3.5 A.4). */
import { DicomPixelError } from "../errors.js";
import type { ByteSource } from "../io/source.js";
import type { Fragment } from "./items.js";

function truncated(index: number, f: Fragment, available: number): DicomPixelError {
  return new DicomPixelError("TRUNCATED", `frame ${index}: the fragment at byte ${f.itemOffset} declares ${f.length} bytes but the data ends after ${available}`, {
    byteOffset: f.offset + available,
    frameIndex: index,
    tag: "(7FE0,0010)",
  });
}

/**
 * Reads the values of `parts` (frame `index`'s fragments) and concatenates them (one fragment: returned as
 * read, no copy).
 * @throws {DicomPixelError} TRUNCATED when a fragment's value is not all there
 */
export async function readFragmentBytes(source: ByteSource, parts: readonly Fragment[], index: number): Promise<Uint8Array> {
  for (const f of parts) if (f.available < f.length) throw truncated(index, f, f.available);
  const read = async (f: Fragment) => {
    const bytes = await source.read(f.offset, f.length);
    if (bytes.length < f.length) throw truncated(index, f, bytes.length);
    return bytes;
  };
  if (parts.length === 1) return read(parts[0]!);
  const out = new Uint8Array(parts.reduce((s, f) => s + f.length, 0));
  let at = 0;
  for (const f of parts) {
    out.set(await read(f), at);
    at += f.length;
  }
  return out;
}
