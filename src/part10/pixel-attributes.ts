/** Image Pixel attribute values from a DataSet, for PixelModule.from (PS3.3 C.7.6.3). */
import { PixelModule, type PixelDataElement, type PixelModuleOptions } from "../pixel-module.js";
import type { DataSet } from "./dataset.js";
import { Tag } from "./tags.js";

const PIXEL_ELEMENT: Readonly<Record<number, PixelDataElement>> = {
  [Tag.PixelData]: "PixelData",
  [Tag.FloatPixelData]: "FloatPixelData",
  [Tag.DoubleFloatPixelData]: "DoubleFloatPixelData",
};

/**
 * The raw Image Pixel attribute values by keyword (undefined when absent). Number of Frames is passed as
 * text so that PixelModule.from can name a malformed IS value. `pixelDataTag` picks the pixel element; by
 * default the first of (7FE0,0008/0009/0010) present in the data set.
 */
export function pixelAttributesOf(ds: DataSet, pixelDataTag?: number): Record<string, unknown> {
  const attrs: Record<string, unknown> = {
    rows: ds.number(Tag.Rows),
    columns: ds.number(Tag.Columns),
    samplesPerPixel: ds.number(Tag.SamplesPerPixel),
    photometricInterpretation: ds.string(Tag.PhotometricInterpretation),
    planarConfiguration: ds.number(Tag.PlanarConfiguration),
    numberOfFrames: ds.string(Tag.NumberOfFrames) ?? ds.number(Tag.NumberOfFrames),
    bitsAllocated: ds.number(Tag.BitsAllocated),
    bitsStored: ds.number(Tag.BitsStored),
    highBit: ds.number(Tag.HighBit),
    pixelRepresentation: ds.number(Tag.PixelRepresentation),
  };
  const tag = pixelDataTag ?? [Tag.FloatPixelData, Tag.DoubleFloatPixelData, Tag.PixelData].find((t) => ds.has(t));
  if (tag !== undefined && PIXEL_ELEMENT[tag]) attrs.pixelDataElement = PIXEL_ELEMENT[tag];
  return attrs;
}

/**
 * The validated pixel module of a data set (from any source: the reader, dcmjs, dicom-parser).
 * @throws {DicomPixelError} INVALID_ATTRIBUTE / MISSING_ATTRIBUTE (see PixelModule.from)
 */
export function pixelModuleOf(ds: DataSet, options: PixelModuleOptions = {}): PixelModule {
  return PixelModule.from(pixelAttributesOf(ds), options);
}
