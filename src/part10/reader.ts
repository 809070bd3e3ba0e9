/**
 * The Part 10 reader (PS3.10 7.1, PS3.5 sections 7 and A): 128-byte preamble + "DICM" + File Meta
 * Information, then the data set in the transfer syntax the meta names. Files without preamble/meta (old
 * ACR-NEMA style) are detected as Implicit VR LE, Explicit VR LE or Explicit VR BE from their first element.
 * Deflated Explicit VR Little Endian data sets are inflated as a stream.
 *
 * By default the reader stops at the first Pixel Data element (7FE0,0010)/(7FE0,0008)/(7FE0,0009) after
 * reading its header, so a header-only read touches the header bytes and a small read-ahead window only.
 */
import { DicomPixelError } from "../errors.js";
import type { ByteSource } from "../io/source.js";
import { inflatedSource } from "./inflate.js";
import {
  DeflatedExplicitVRLittleEndian,
  ExplicitVRBigEndian,
  ExplicitVRLittleEndian,
  ImplicitVRLittleEndian,
  findTransferSyntax,
} from "../uids.js";
import { Cursor } from "./cursor.js";
import { DataSet, UNDEFINED_LENGTH, type DataElement } from "./dataset.js";
import { looksExplicit, readTopLevel, type Encoding, type ParseOptions } from "./elements.js";
import { Tag } from "./tags.js";

export interface ReadOptions {
  /**
   * Stop at the first top-level element whose tag is >= this one, without reading it. Pixel Data elements
   * met before are located (not loaded) and skipped. Default: stop at the first Pixel Data element after
   * reading its header. Pass 0x100000000 to read everything.
   */
  stopBefore?: number;
  /** Called with each tolerated deviation (odd Pixel Data length, trailing bytes, implicit data set under an explicit syntax...). */
  onWarning?: (message: string) => void;
}

export interface Part10Result {
  /** File Meta Information (group 0002); empty for files without meta. */
  meta: DataSet;
  dataset: DataSet;
  /** From (0002,0010); for files without meta, the syntax detected. */
  transferSyntaxUID: string;
  /** True when the file has no preamble and File Meta Information. */
  noFileMeta: boolean;
  /** The source the data set's offsets refer to (an inflating stream for deflated syntaxes). */
  datasetSource: ByteSource;
  /** Offset of the data set's first byte. */
  datasetOffset: number;
  /** The first Pixel Data element (7FE0,0010/0008/0009), located but not loaded. */
  pixelData?: DataElement;
  /** Where reading stopped (start of the first element not read); undefined when the whole data set was read. */
  stoppedAt?: number;
  warnings: string[];
}

const DICM = [0x44, 0x49, 0x43, 0x4d];

function isDicm(c: Cursor, at: number): boolean {
  return DICM.every((b, i) => c.u8(at + i) === b);
}

/** Guesses the encoding of a data set from its first element header (PS3.5 7.1). */
function sniff(c: Cursor): Encoding {
  const groupLE = c.u16(0, true);
  const groupBE = c.u16(0, false);
  const explicit = looksExplicit(c, 4);
  // A little-endian group is small (0002, 0008...); read big endian it would be 0x0200, 0x0800...
  if (explicit && groupBE < groupLE && groupBE !== 0) return { littleEndian: false, explicitVR: true };
  return { littleEndian: true, explicitVR: explicit };
}

function tsForEncoding(enc: Encoding): string {
  if (!enc.explicitVR) return ImplicitVRLittleEndian;
  return enc.littleEndian ? ExplicitVRLittleEndian : ExplicitVRBigEndian;
}

/**
 * Reads File Meta Information and the data set (up to `stopBefore` / the Pixel Data element).
 * @throws {DicomPixelError} NOT_DICOM when the data is neither Part 10 nor a recognisable data set;
 * INVALID_ELEMENT / INVALID_LENGTH / INVALID_ITEM / TRUNCATED with the byte offset for malformed data
 */
export async function readPart10(source: ByteSource, options: ReadOptions = {}): Promise<Part10Result> {
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const c = new Cursor(source, 0, true);
  if (!(await c.need(8))) throw new DicomPixelError("NOT_DICOM", `the data is too short to be DICOM (${source.size ?? "?"} bytes)`, { byteOffset: 0 });

  let noFileMeta = false;
  if ((await c.need(132)) && isDicm(c, 128)) c.pos = 132;
  else if (isDicm(c, 0)) c.pos = 4;
  else if (c.u16(0, true) !== 0x0002) noFileMeta = true;

  const meta = new DataSet({ littleEndian: true, explicitVR: true });
  const opts: ParseOptions = { warn };
  if (!noFileMeta) {
    // PS3.10 7.1: group 0002 is always Explicit VR Little Endian. Read while the next tag is in group 0002.
    const metaCursorStart = c.pos;
    if (!(await c.need(8))) throw new DicomPixelError("TRUNCATED", `the file ends at byte ${c.pos}, before the File Meta Information`, { byteOffset: c.pos });
    const metaEnc: Encoding = { littleEndian: true, explicitVR: looksExplicit(c, 4) };
    if (!metaEnc.explicitVR) warn(`the File Meta Information at byte ${metaCursorStart} is in Implicit VR; read anyway`);
    const metaStop = await readMetaGroup(c, meta, metaEnc, opts);
    c.pos = metaStop;
  }

  let transferSyntaxUID = meta.string(Tag.TransferSyntaxUID) ?? "";
  const datasetOffset = c.pos;
  let datasetSource: ByteSource = source;
  let cursor = c;
  const ts = findTransferSyntax(transferSyntaxUID);
  if (ts?.deflated && transferSyntaxUID === DeflatedExplicitVRLittleEndian) {
    datasetSource = await inflatedSource(source, datasetOffset);
    cursor = new Cursor(datasetSource, datasetOffset, true);
  }

  let enc: Encoding;
  const empty = await cursor.atEnd();
  if (empty) {
    enc = ts ? { littleEndian: ts.littleEndian, explicitVR: ts.explicitVR } : { littleEndian: true, explicitVR: false };
  } else {
    if (!(await cursor.need(8))) throw new DicomPixelError("TRUNCATED", `the data set at byte ${datasetOffset} ends inside its first element header`, { byteOffset: datasetOffset });
    const sniffed = sniff(cursor);
    if (noFileMeta || ts === undefined) {
      if (!noFileMeta) {
        if (transferSyntaxUID === "") warn("(0002,0010) Transfer Syntax UID is missing; the encoding was detected from the data set");
        else warn(`(0002,0010) Transfer Syntax UID ${JSON.stringify(transferSyntaxUID)} is unknown; the encoding was detected from the data set`);
      }
      enc = sniffed;
      if (transferSyntaxUID === "" || noFileMeta) transferSyntaxUID = tsForEncoding(enc);
    } else {
      enc = { littleEndian: ts.littleEndian, explicitVR: ts.explicitVR };
      if (enc.explicitVR && !sniffed.explicitVR && enc.littleEndian) {
        warn(`the data set at byte ${datasetOffset} is Implicit VR although ${transferSyntaxUID} is explicit; read as Implicit VR`);
        enc = { littleEndian: true, explicitVR: false };
      } else if (!enc.explicitVR && sniffed.explicitVR && sniffed.littleEndian) {
        warn(`the data set at byte ${datasetOffset} is Explicit VR although ${transferSyntaxUID} is implicit; read as Explicit VR`);
        enc = { littleEndian: true, explicitVR: true };
      }
    }
    cursor.littleEndian = enc.littleEndian;
  }
  const ds = new DataSet(enc);
  const res = await readTopLevel(cursor, ds, enc, { ...opts, stopBefore: options.stopBefore });
  const result: Part10Result = {
    meta,
    dataset: ds,
    transferSyntaxUID,
    noFileMeta,
    datasetSource,
    datasetOffset,
    warnings,
  };
  if (res.pixelData) {
    result.pixelData = res.pixelData;
    const pd = res.pixelData;
    if (pd.length !== UNDEFINED_LENGTH && pd.length % 2 === 1) {
      warn(`Pixel Data value length ${pd.length} at byte ${pd.offset} is odd (PS3.5 7.1.1 requires even); accepted`);
    }
    const size = datasetSource.size;
    if (pd.length !== UNDEFINED_LENGTH && size !== undefined && pd.offset + pd.length > size) {
      // E.g. a corrupt VL such as 0x474747: frames are still located by the Image Pixel module and
      // accepted when their bytes are present; NOT_ENOUGH_PIXEL_DATA otherwise.
      warn(`Pixel Data at byte ${pd.offset} declares ${pd.length} bytes but only ${size - pd.offset} remain in the file`);
    }
  }
  if (res.stoppedAt !== undefined) result.stoppedAt = res.stoppedAt;
  return result;
}

/** Reads group 0002 elements; returns the offset of the first element after the group. */
async function readMetaGroup(c: Cursor, meta: DataSet, enc: Encoding, opts: ParseOptions): Promise<number> {
  const tmp = new DataSet(enc);
  // Stop before the first element outside group 0002 (PS3.10 7.1).
  const res = await readTopLevel(c, tmp, enc, { ...opts, stopBefore: 0x00030000 });
  for (const e of tmp) meta.set(e);
  return res.stoppedAt ?? c.pos;
}

/**
 * Reads the top-level elements that follow the Pixel Data (e.g. (FFFC,FFFC) Data Set Trailing Padding, or
 * private elements after group 7FE0), from `offset` (the first byte after the Pixel Data value: after the
 * Sequence Delimitation Item for encapsulated data) to the end of the data. Further Pixel Data elements are
 * skipped (located, not loaded) and left out. When the bytes do not parse as elements to the end, none are
 * returned and the problem is reported through `onWarning` (a rewrite then ends at the Pixel Data).
 * @param source the data set's source (the inflating stream for deflated syntaxes)
 * @param encoding the data set's byte order and VR encoding
 */
export async function readElementsAfter(
  source: ByteSource,
  offset: number,
  encoding: Encoding,
  options: { onWarning?: (message: string) => void } = {},
): Promise<DataSet> {
  const ds = new DataSet(encoding);
  const warn = (m: string) => options.onWarning?.(m);
  const size = source.size;
  if (size !== undefined && offset >= size) return ds;
  const cursor = new Cursor(source, offset, encoding.littleEndian);
  const all = new DataSet(encoding);
  try {
    await readTopLevel(cursor, all, encoding, { warn, stopBefore: 0x100000000 });
  } catch (e) {
    // All or nothing: bytes that do not parse to the end are more likely a wrong Pixel Data length than
    // elements, and writing half of them would invent data.
    warn(`the bytes after the Pixel Data (from byte ${offset}) are not valid elements and are left out: ${(e as Error).message}`);
    return ds;
  }
  for (const e of all) {
    if (e.value !== undefined || e.items !== undefined) ds.set(e);
  }
  return ds;
}
