/** dicompix: DICOM Pixel Data for Node and browsers. Only stable names are exported here. */
export { init, isInitialized, relaxedSimdSupported } from "./wasm/module.js";
export type { InitOptions, WasmFlavour } from "./wasm/module.js";
export { DicomPixelError, isDicomPixelError } from "./errors.js";
export type { ErrorCode, DicomPixelErrorDetails } from "./errors.js";
export { PixelModule } from "./pixel-module.js";
export type {
  PixelModuleAttributes,
  PixelModuleOptions,
  PixelModuleWarning,
  PhotometricInterpretation,
  PixelRepresentation,
  PlanarConfiguration,
  PixelDataElement,
  FrameArray,
} from "./pixel-module.js";
export { TRANSFER_SYNTAXES, UID, findTransferSyntax } from "./uids.js";
export type { TransferSyntax } from "./uids.js";
export { getCodec, hasCodec, registerCodec, listCodecs } from "./registry.js";
export type { FrameCodec, FrameContext, FrameInfo, DecodeOptions, DecodedFrame, EncodeOptions, EncodedFrame } from "./codecs/codec.js";
export { xorBytes } from "./wasm/kernels/core.js";
// Native pixel data (issue 4): cells, bits, planes, byte order, frames, encode.
export { normalizeCells } from "./transforms/cells.js";
export type { NormalizeCellsOptions } from "./transforms/cells.js";
export { unpackBits, packBits } from "./transforms/bits.js";
export type { UnpackBitsOptions, PackBitsOptions } from "./transforms/bits.js";
export { toInterleaved, toPlanar } from "./transforms/planar.js";
export { swapBytes } from "./transforms/native-bytes.js";
export { nativeFrame } from "./transforms/native-frames.js";
export type { NativeFrameSlice } from "./transforms/native-frames.js";
export { encodeNative } from "./transforms/native-encode.js";
export type { NativeEncodeOptions } from "./transforms/native-encode.js";
export { nativeCodec } from "./codecs/native.js";
export type { NativeFrameContext, NativeDecodeOptions } from "./codecs/native.js";
// Part 10 reader, byte sources, encapsulation and decode orchestration
export { openDicom, DicomFile } from "./part10/open.js";
export type { OpenOptions, EncapsulationSummary, FrameBytes } from "./part10/open.js";
export { readPart10 } from "./part10/reader.js";
export type { ReadOptions, Part10Result } from "./part10/reader.js";
export { DataSet, UNDEFINED_LENGTH, tagString, decodeNumbers, encodeValue } from "./part10/dataset.js";
export type { DataElement, DataSetEncoding } from "./part10/dataset.js";
export { Tag } from "./part10/tags.js";
export { lookupTag, implicitVR, tagForKeyword } from "./part10/dictionary.js";
export { toByteSource, BufferSource, FileHandleSource, BlobSource, StreamSource } from "./io/source.js";
export type { ByteSource, SourceInput } from "./io/source.js";
export { decodeFrame, decodeFrameInto, iterFrames, decodeBuffer } from "./decode.js";
export type { DecodedFrameResult, DecodeIntoResult, IterFramesOptions, DecodedImage } from "./decode.js";
export { jpegLosslessCodec, decodeJpegLossless, encodeJpegLosslessFrame, JPEG_LOSSLESS_UID, JPEG_LOSSLESS_SV1_UID } from "./codecs/jpeg-lossless.js";
export type { JpegLosslessDecodeOptions, BareJpegLosslessImage, BareJpegLosslessOptions } from "./codecs/jpeg-lossless.js";
// RLE Lossless (PS3.5 Annex G)
export { rleCodec, readRleHeader, RLE_LOSSLESS_UID } from "./codecs/rle.js";
export type { RleDecodeOptions, RleHeader } from "./codecs/rle.js";
// Imaging pipeline: Modality LUT -> VOI LUT -> Presentation -> RGBA8 / Gray8 / Gray16 / PNG (PS3.3 C.11)
export {
  applyModalityLut,
  resolveModality,
  resolveVoi,
  decodeLut,
  createRenderer,
  renderFrame,
  renderColorFrame,
  renderPaletteFrame,
  encodePng,
  imagingFromDataSet,
} from "./imaging/index.js";
export type {
  ImagingAttributes,
  LutItem,
  VoiLutFunction,
  PresentationLutShape,
  ImageDescription,
  DecodedLut,
  ModalityTransform,
  VoiChoice,
  VoiTransform,
  RenderOptions,
  RenderedFrame,
  FrameRenderer,
  GreyOutputFormat,
  ColorOutputFormat,
  RenderedColorFrame,
} from "./imaging/index.js";
export { convertColorSpace, toRgb, rctForward, rctInverse } from "./transforms/color.js";
export type { ColorFrameInfo, ConvertColorOptions, ColorConversionResult, ChromaUpsampling } from "./transforms/color.js";
export { createPalette, applyPalette, applySupplementalPalette, paletteFromDataSet, parsePaletteDescriptor, readLutData, expandSegmentedLut } from "./transforms/palette.js";
export type { PaletteDescriptor, PaletteChannelInput, PaletteInput, PaletteLut, ApplyPaletteOptions, PaletteResult, PaletteChannelName } from "./transforms/palette.js";
export { readJpegColourSignals, resolveJpegPhotometric } from "./transforms/jpeg-colour-signals.js";
export type { JpegColourSignals, JpegColourSpace, JpegPhotometricDecision } from "./transforms/jpeg-colour-signals.js";
export { dataSetFromNaturalized, dataSetFromDcmjsDict, dataSetFromDicomParser } from "./part10/interop.js";
export type { DicomParserDataSetLike } from "./part10/interop.js";
export { pixelAttributesOf, pixelModuleOf } from "./part10/pixel-attributes.js";
export { jpegCodec, JPEG_BASELINE_UID, JPEG_EXTENDED_UID, JPEG_SPECTRAL_SELECTION_UID, JPEG_FULL_PROGRESSION_UID } from "./codecs/jpeg.js";
export { readJpegHeader, decodeJpegInto, encodeJpeg, jpegDecodedBytes, jpegProcessName } from "./wasm/kernels/jpeg.js";
export type { JpegHeader, JpegComponent, JpegKernelDecodeOptions, JpegKernelEncodeOptions } from "./wasm/kernels/jpeg.js";
export { decodeNativeFrame } from "./transforms/native-decode.js";
export type { NativeFrameDecodeOptions } from "./transforms/native-decode.js";
export { writeDicom, MemorySink, openSink, encodeFileMeta, generateUid, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from "./part10/writer/index.js";
export type { WriteOptions, WriteResult, NativePixelData, EncapsulatedPixelData, PixelDataSource, PixelDataResult, OffsetTableMode, ByteSink, Destination } from "./part10/writer/index.js";
export { transcode, resolveTransferSyntax } from "./transcode.js";
export type { TranscodeOptions, TranscodeResult, TranscodeProgress, TranscodeInput, FrameSourceFile } from "./transcode.js";
export { jpegLsCodec, encodeJpegLsFrame, JPEG_LS_LOSSLESS_UID, JPEG_LS_NEAR_LOSSLESS_UID } from "./codecs/jpeg-ls.js";
export type { JpegLsEncodeOptions } from "./codecs/jpeg-ls.js";
export { jpeglsReadHeader, jpeglsDecode, jpeglsEncode, JPEGLS_WARN_NO_EOI, JPEGLS_WARN_TRUNCATED } from "./wasm/kernels/jpeg-ls.js";
export type { JpegLsHeader, JpegLsDecodeOptions, JpegLsDecodeResult, JpegLsEncodeParams } from "./wasm/kernels/jpeg-ls.js";
export { jpeg2000Codec, decodeJpeg2000, JPEG_2000_LOSSLESS_UID, JPEG_2000_UID } from "./codecs/jpeg2000.js";
export type { Jpeg2000Image } from "./codecs/jpeg2000.js";
export { deflateFramesCodec, DEFLATED_IMAGE_FRAME_COMPRESSION_UID } from "./codecs/deflate-frames.js";
export { inflateRaw, inflateRawDetailed } from "./wasm/kernels/deflate.js";
export type { InflateOptions, InflateResult } from "./wasm/kernels/deflate.js";
export { deflateRaw } from "./wasm/kernels/deflate.js";
export type { DeflateOptions } from "./wasm/kernels/deflate.js";
export type { DeflateFramesCodec, DeflateFramesEncodeOptions } from "./codecs/deflate-frames.js";
export { jpeg2000Encode, encodeJpeg2000Frame } from "./codecs/jpeg2000/encode.js";
export type { Jpeg2000EncodeOptions } from "./codecs/jpeg2000/encode.js";
export { htj2kCodec, HTJ2K_LOSSLESS_UID, HTJ2K_LOSSLESS_RPCL_UID, HTJ2K_UID } from "./codecs/jpeg2000.js";
export type { StepSize } from "./codecs/jpeg2000/encode-quant.js";
