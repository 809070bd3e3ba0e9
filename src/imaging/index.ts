/** The imaging pipeline: Modality LUT -> VOI LUT -> Presentation -> RGBA8 / Gray8 / Gray16 / PNG. */
export type { ImagingAttributes, LutItem, VoiLutFunction, PresentationLutShape, ImageDescription } from "./attributes.js";
export { decodeLut } from "./lut-descriptor.js";
export type { DecodedLut, DecodeLutOptions } from "./lut-descriptor.js";
export { applyModalityLut, resolveModality, modalityArrayType, storedRange } from "./modality.js";
export type { ModalityTransform, ModalityOptions } from "./modality.js";
export { resolveVoi, windowForRange } from "./voi.js";
export type { VoiChoice, VoiTransform, VoiOptions } from "./voi.js";
export { createRenderer, renderFrame, isInverted } from "./render.js";
export type { RenderOptions, RenderedFrame, FrameRenderer, GreyOutputFormat } from "./render.js";
export { renderColorFrame, renderPaletteFrame } from "./color.js";
export type { ColorOutputFormat, RenderedColorFrame } from "./color.js";
export { encodePng } from "./png.js";
export { imagingFromDataSet } from "./from-dataset.js";
export type { ImagingFromDataSetOptions } from "./from-dataset.js";
