/**
 * Transfer syntax UID -> codec. Every syntax of PS3.6 Table A-1 is known (src/uids.ts); one without a codec
 * raises UNSUPPORTED_TRANSFER_SYNTAX naming the UID and its name, like dicom-rs's stub entries.
 */
import { DicomPixelError } from "./errors.js";
import { findTransferSyntax } from "./uids.js";
import type { FrameCodec } from "./codecs/codec.js";
import { BUILTIN_CODECS } from "./codecs/builtin.js";

const codecs = new Map<string, FrameCodec>();

/** Registers (or replaces) a codec for each of its transfer syntaxes. */
export function registerCodec(codec: FrameCodec): void {
  for (const uid of codec.transferSyntaxes) codecs.set(uid, codec);
}

for (const c of BUILTIN_CODECS) registerCodec(c);

/** True when a codec is registered for `uid`. */
export function hasCodec(uid: string): boolean {
  return codecs.has(uid.replace(/[\0 ]+$/, ""));
}

/**
 * The codec for a transfer syntax.
 * @throws {DicomPixelError} UNSUPPORTED_TRANSFER_SYNTAX for a known syntax without a codec or an unknown UID
 */
export function getCodec(uid: string): FrameCodec {
  const key = uid.replace(/[\0 ]+$/, "");
  const codec = codecs.get(key);
  if (codec) return codec;
  const ts = findTransferSyntax(key);
  const what = ts ? `${ts.name} (${ts.uid})` : `unknown transfer syntax ${JSON.stringify(key)}`;
  throw new DicomPixelError("UNSUPPORTED_TRANSFER_SYNTAX", `No codec for ${what}`);
}

/** All registered codecs, each once. */
export function listCodecs(): FrameCodec[] {
  return [...new Set(codecs.values())];
}
