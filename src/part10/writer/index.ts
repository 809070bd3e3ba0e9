/** The Part 10 writer: streaming DICOM files from a DataSet and a Pixel Data source. */
export { writeDicom } from "./write-dicom.js";
export type { WriteOptions, WriteResult } from "./write-dicom.js";
export type { NativePixelData, EncapsulatedPixelData, PixelDataSource, PixelDataResult, OffsetTableMode, BytesLike, AnyIterable } from "./pixel-data.js";
export { MemorySink, openSink } from "./sink.js";
export type { ByteSink, Destination } from "./sink.js";
export { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, generateUid } from "./uid.js";
export { encodeFileMeta } from "./file-meta.js";
