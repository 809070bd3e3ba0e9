/** dicompix: DICOM Pixel Data for Node and browsers. Only stable names are exported here. */
export { init, isInitialized } from "./wasm/module.js";
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
