/**
 * Transfer syntaxes of PS3.6 Table A-1, named by their DICOM keyword, with the properties pixel handling
 * needs. Every syntax is known here whether or not a codec exists for it (src/registry.ts decides that).
 */

export interface TransferSyntax {
  readonly uid: string;
  /** DICOM keyword (PS3.6 Table A-1). */
  readonly keyword: string;
  /** Human-readable name. */
  readonly name: string;
  /** Pixel Data is encapsulated (PS3.5 A.4): fragments in items, not native cells. */
  readonly encapsulated: boolean;
  /** Decoding may not reproduce the encoder's input exactly. */
  readonly lossy: boolean;
  readonly littleEndian: boolean;
  readonly explicitVR: boolean;
  /** The whole data set after the File Meta is deflated (PS3.5 A.5). */
  readonly deflated: boolean;
  readonly retired: boolean;
}

type Flags = Partial<Omit<TransferSyntax, "uid" | "keyword" | "name">>;

function ts(uid: string, keyword: string, name: string, flags: Flags = {}): TransferSyntax {
  return Object.freeze({
    uid,
    keyword,
    name,
    encapsulated: flags.encapsulated ?? true,
    lossy: flags.lossy ?? false,
    littleEndian: flags.littleEndian ?? true,
    explicitVR: flags.explicitVR ?? true,
    deflated: flags.deflated ?? false,
    retired: flags.retired ?? false,
  });
}

const native: Flags = { encapsulated: false };
const lossy: Flags = { lossy: true };
const retiredLossy: Flags = { lossy: true, retired: true };

/** All transfer syntaxes, in PS3.6 order. */
export const TRANSFER_SYNTAXES: readonly TransferSyntax[] = [
  ts("1.2.840.10008.1.2", "ImplicitVRLittleEndian", "Implicit VR Little Endian", { ...native, explicitVR: false }),
  ts("1.2.840.10008.1.2.1", "ExplicitVRLittleEndian", "Explicit VR Little Endian", native),
  ts("1.2.840.10008.1.2.1.98", "EncapsulatedUncompressedExplicitVRLittleEndian", "Encapsulated Uncompressed Explicit VR Little Endian"),
  ts("1.2.840.10008.1.2.1.99", "DeflatedExplicitVRLittleEndian", "Deflated Explicit VR Little Endian", { ...native, deflated: true }),
  ts("1.2.840.10008.1.2.2", "ExplicitVRBigEndian", "Explicit VR Big Endian (retired)", { ...native, littleEndian: false, retired: true }),
  ts("1.2.840.10008.1.2.4.50", "JPEGBaseline8Bit", "JPEG Baseline (Process 1)", lossy),
  ts("1.2.840.10008.1.2.4.51", "JPEGExtended12Bit", "JPEG Extended (Process 2 & 4)", lossy),
  ts("1.2.840.10008.1.2.4.52", "JPEGExtended35", "JPEG Extended (Process 3 & 5) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.53", "JPEGSpectralSelectionNonHierarchical68", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.54", "JPEGSpectralSelectionNonHierarchical79", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.55", "JPEGFullProgressionNonHierarchical1012", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.56", "JPEGFullProgressionNonHierarchical1113", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.57", "JPEGLossless", "JPEG Lossless, Non-Hierarchical (Process 14)"),
  ts("1.2.840.10008.1.2.4.58", "JPEGLosslessNonHierarchical15", "JPEG Lossless, Non-Hierarchical (Process 15) (retired)", { retired: true }),
  ts("1.2.840.10008.1.2.4.59", "JPEGExtendedHierarchical1618", "JPEG Extended, Hierarchical (Process 16 & 18) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.60", "JPEGExtendedHierarchical1719", "JPEG Extended, Hierarchical (Process 17 & 19) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.61", "JPEGSpectralSelectionHierarchical2022", "JPEG Spectral Selection, Hierarchical (Process 20 & 22) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.62", "JPEGSpectralSelectionHierarchical2123", "JPEG Spectral Selection, Hierarchical (Process 21 & 23) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.63", "JPEGFullProgressionHierarchical2426", "JPEG Full Progression, Hierarchical (Process 24 & 26) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.64", "JPEGFullProgressionHierarchical2527", "JPEG Full Progression, Hierarchical (Process 25 & 27) (retired)", retiredLossy),
  ts("1.2.840.10008.1.2.4.65", "JPEGLosslessHierarchical28", "JPEG Lossless, Hierarchical (Process 28) (retired)", { retired: true }),
  ts("1.2.840.10008.1.2.4.66", "JPEGLosslessHierarchical29", "JPEG Lossless, Hierarchical (Process 29) (retired)", { retired: true }),
  ts("1.2.840.10008.1.2.4.70", "JPEGLosslessSV1", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)"),
  ts("1.2.840.10008.1.2.4.80", "JPEGLSLossless", "JPEG-LS Lossless Image Compression"),
  ts("1.2.840.10008.1.2.4.81", "JPEGLSNearLossless", "JPEG-LS Lossy (Near-Lossless) Image Compression", lossy),
  ts("1.2.840.10008.1.2.4.90", "JPEG2000Lossless", "JPEG 2000 Image Compression (Lossless Only)"),
  ts("1.2.840.10008.1.2.4.91", "JPEG2000", "JPEG 2000 Image Compression", lossy),
  ts("1.2.840.10008.1.2.4.92", "JPEG2000MCLossless", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
  ts("1.2.840.10008.1.2.4.93", "JPEG2000MC", "JPEG 2000 Part 2 Multi-component Image Compression", lossy),
  ts("1.2.840.10008.1.2.4.94", "JPIPReferenced", "JPIP Referenced", native),
  ts("1.2.840.10008.1.2.4.95", "JPIPReferencedDeflate", "JPIP Referenced Deflate", { ...native, deflated: true }),
  ts("1.2.840.10008.1.2.4.100", "MPEG2MPML", "MPEG2 Main Profile / Main Level", lossy),
  ts("1.2.840.10008.1.2.4.100.1", "MPEG2MPMLF", "Fragmentable MPEG2 Main Profile / Main Level", lossy),
  ts("1.2.840.10008.1.2.4.101", "MPEG2MPHL", "MPEG2 Main Profile / High Level", lossy),
  ts("1.2.840.10008.1.2.4.101.1", "MPEG2MPHLF", "Fragmentable MPEG2 Main Profile / High Level", lossy),
  ts("1.2.840.10008.1.2.4.102", "MPEG4HP41", "MPEG-4 AVC/H.264 High Profile / Level 4.1", lossy),
  ts("1.2.840.10008.1.2.4.102.1", "MPEG4HP41F", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", lossy),
  ts("1.2.840.10008.1.2.4.103", "MPEG4HP41BD", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", lossy),
  ts("1.2.840.10008.1.2.4.103.1", "MPEG4HP41BDF", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", lossy),
  ts("1.2.840.10008.1.2.4.104", "MPEG4HP422D", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", lossy),
  ts("1.2.840.10008.1.2.4.104.1", "MPEG4HP422DF", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", lossy),
  ts("1.2.840.10008.1.2.4.105", "MPEG4HP423D", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", lossy),
  ts("1.2.840.10008.1.2.4.105.1", "MPEG4HP423DF", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", lossy),
  ts("1.2.840.10008.1.2.4.106", "MPEG4HP42STEREO", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", lossy),
  ts("1.2.840.10008.1.2.4.106.1", "MPEG4HP42STEREOF", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", lossy),
  ts("1.2.840.10008.1.2.4.107", "HEVCMP51", "HEVC/H.265 Main Profile / Level 5.1", lossy),
  ts("1.2.840.10008.1.2.4.108", "HEVCM10P51", "HEVC/H.265 Main 10 Profile / Level 5.1", lossy),
  ts("1.2.840.10008.1.2.4.110", "JPEGXLLossless", "JPEG XL Lossless"),
  ts("1.2.840.10008.1.2.4.111", "JPEGXLJPEGRecompression", "JPEG XL JPEG Recompression"),
  ts("1.2.840.10008.1.2.4.112", "JPEGXL", "JPEG XL", lossy),
  ts("1.2.840.10008.1.2.4.201", "HTJ2KLossless", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
  ts("1.2.840.10008.1.2.4.202", "HTJ2KLosslessRPCL", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
  ts("1.2.840.10008.1.2.4.203", "HTJ2K", "High-Throughput JPEG 2000 Image Compression", lossy),
  ts("1.2.840.10008.1.2.4.204", "JPIPHTJ2KReferenced", "JPIP HTJ2K Referenced", native),
  ts("1.2.840.10008.1.2.4.205", "JPIPHTJ2KReferencedDeflate", "JPIP HTJ2K Referenced Deflate", { ...native, deflated: true }),
  ts("1.2.840.10008.1.2.5", "RLELossless", "RLE Lossless"),
  ts("1.2.840.10008.1.2.6.1", "RFC2557MIMEEncapsulation", "RFC 2557 MIME encapsulation (retired)", { ...native, retired: true }),
  ts("1.2.840.10008.1.2.6.2", "XMLEncoding", "XML Encoding (retired)", { ...native, retired: true }),
  ts("1.2.840.10008.1.2.7.1", "SMPTEST211020UncompressedProgressiveActiveVideo", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", native),
  ts("1.2.840.10008.1.2.7.2", "SMPTEST211020UncompressedInterlacedActiveVideo", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", native),
  ts("1.2.840.10008.1.2.7.3", "SMPTEST211030PCMDigitalAudio", "SMPTE ST 2110-30 PCM Digital Audio", native),
  ts("1.2.840.10008.1.2.8.1", "DeflatedImageFrameCompression", "Deflated Image Frame Compression"),
];

const byUid = new Map(TRANSFER_SYNTAXES.map((t) => [t.uid, t]));
const byKeyword = new Map(TRANSFER_SYNTAXES.map((t) => [t.keyword, t]));

/** Looks up a transfer syntax by UID (trailing NUL/space padding tolerated) or keyword; undefined if unknown. */
export function findTransferSyntax(uidOrKeyword: string): TransferSyntax | undefined {
  const key = uidOrKeyword.replace(/[\0 ]+$/, "");
  return byUid.get(key) ?? byKeyword.get(key);
}

/** UID constants by DICOM keyword, e.g. `UID.JPEGLosslessSV1`. */
export const UID = Object.freeze(Object.fromEntries(TRANSFER_SYNTAXES.map((t) => [t.keyword, t.uid]))) as Readonly<
  Record<string, string>
>;

// The syntaxes the codecs in this package refer to, as typed constants.
export const ImplicitVRLittleEndian = "1.2.840.10008.1.2";
export const ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
export const DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
export const ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
export const JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";
export const JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";
export const JPEGLossless = "1.2.840.10008.1.2.4.57";
export const JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";
export const RLELossless = "1.2.840.10008.1.2.5";
