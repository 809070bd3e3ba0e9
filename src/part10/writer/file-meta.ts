/**
 * The DICOM File Meta Information (PS3.10 7.1): 128-byte preamble, "DICM", then group 0002 in Explicit VR
 * Little Endian whatever the data set's transfer syntax, starting with its group length (0002,0000).
 */
import { DicomPixelError } from "../../errors.js";
import { DataSet, encodeValue, type DataElement } from "../dataset.js";
import { Tag } from "../tags.js";
import { ByteBuilder, encodeElements } from "./encode.js";
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from "./uid.js";

export interface FileMetaOptions {
  transferSyntaxUID: string;
  /** (0002,0002); default: (0008,0016) SOP Class UID of the data set, else (0002,0002) of `extra`. */
  mediaStorageSOPClassUID?: string;
  /** (0002,0003); default: (0008,0018) SOP Instance UID of the data set, else (0002,0003) of `extra`. */
  mediaStorageSOPInstanceUID?: string;
  /** Other meta elements to keep (e.g. the source file's (0002,0016) Source AE Title, private (0002,0100)). */
  extra?: DataSet | null;
  /** 128 bytes; default all zero (PS3.10 7.1). */
  preamble?: Uint8Array;
}

/** Meta elements dicompix always sets itself. */
const OWN = new Set<number>([
  Tag.FileMetaInformationGroupLength,
  Tag.FileMetaInformationVersion,
  Tag.MediaStorageSOPClassUID,
  Tag.MediaStorageSOPInstanceUID,
  Tag.TransferSyntaxUID,
  Tag.ImplementationClassUID,
  Tag.ImplementationVersionName,
]);

function element(tag: number, vr: string, value: string | Uint8Array): DataElement {
  const bytes = encodeValue(vr, value, true);
  return { tag, vr, length: bytes.length, offset: -1, value: bytes };
}

/**
 * Encodes preamble + "DICM" + File Meta group with its group length computed.
 * @throws {DicomPixelError} MISSING_ATTRIBUTE when the SOP Class / Instance UID is neither given nor in the data set
 */
export function encodeFileMeta(dataset: DataSet, options: FileMetaOptions): Uint8Array {
  // The data set's own UIDs first; a source file's meta when the data set lacks them (old files do).
  const sopClass = options.mediaStorageSOPClassUID ?? dataset.string(Tag.SOPClassUID) ?? options.extra?.string(Tag.MediaStorageSOPClassUID);
  const sopInstance = options.mediaStorageSOPInstanceUID ?? dataset.string(Tag.SOPInstanceUID) ?? options.extra?.string(Tag.MediaStorageSOPInstanceUID);
  if (sopClass === undefined) throw new DicomPixelError("MISSING_ATTRIBUTE", "(0008,0016) SOP Class UID is missing: the File Meta (0002,0002) needs it", { tag: "(0008,0016)" });
  if (sopInstance === undefined) {
    throw new DicomPixelError("MISSING_ATTRIBUTE", "(0008,0018) SOP Instance UID is missing: the File Meta (0002,0003) needs it", { tag: "(0008,0018)" });
  }
  const elements: DataElement[] = [
    { tag: Tag.FileMetaInformationGroupLength, vr: "UL", length: 4, offset: -1 },
    element(Tag.FileMetaInformationVersion, "OB", new Uint8Array([0, 1])),
    element(Tag.MediaStorageSOPClassUID, "UI", sopClass),
    element(Tag.MediaStorageSOPInstanceUID, "UI", sopInstance),
    element(Tag.TransferSyntaxUID, "UI", options.transferSyntaxUID),
    element(Tag.ImplementationClassUID, "UI", IMPLEMENTATION_CLASS_UID),
    element(Tag.ImplementationVersionName, "SH", IMPLEMENTATION_VERSION_NAME),
  ];
  if (options.extra) {
    for (const e of options.extra) if (e.tag >>> 16 === 0x0002 && !OWN.has(e.tag)) elements.push(e);
  }
  const littleEndianSource = options.extra?.littleEndian ?? true;
  const group = encodeElements(elements, littleEndianSource, { littleEndian: true, explicitVR: true, sequenceLength: "defined" });
  const out = new ByteBuilder();
  const preamble = options.preamble ?? new Uint8Array(128);
  if (preamble.length !== 128) throw new RangeError(`the preamble must be 128 bytes, not ${preamble.length}`);
  out.bytes(preamble);
  out.ascii("DICM");
  out.bytes(group);
  return out.toUint8Array();
}
