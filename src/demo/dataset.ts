/**
 * The demo's secondary capture data set (PS3.3 A.8): SC Image (1.2.840.10008.5.1.4.1.1.7) or Multi-frame
 * True Color SC (1.2.840.10008.5.1.4.1.1.7.4), built from scratch with new Study/Series/Instance UIDs.
 */
import { DataSet } from "../part10/dataset.js";
import { Tag } from "../part10/tags.js";
import { generateUid } from "../part10/writer/uid.js";

export const SOP_CLASSES = {
  sc: "1.2.840.10008.5.1.4.1.1.7",
  "mf-true-color": "1.2.840.10008.5.1.4.1.1.7.4",
} as const;

export type DemoSop = keyof typeof SOP_CLASSES;

export interface DemoImage {
  rows: number;
  columns: number;
  frames: number;
  sop: DemoSop;
}

function dicomDateTime(d: Date): { date: string; time: string } {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return {
    date: `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`,
    time: `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`,
  };
}

/** The data set of the demo image (no Pixel Data: the writer streams it). */
export function demoDataSet(img: DemoImage, now = new Date()): DataSet {
  const ds = new DataSet();
  const { date, time } = dicomDateTime(now);
  ds.setValue(Tag.SpecificCharacterSet, "CS", "ISO_IR 100");
  ds.setValue(0x00080008, "CS", ["DERIVED", "SECONDARY"]); // Image Type
  ds.setValue(0x00080012, "DA", date); // Instance Creation Date
  ds.setValue(0x00080013, "TM", time);
  ds.setValue(Tag.SOPClassUID, "UI", SOP_CLASSES[img.sop]);
  ds.setValue(Tag.SOPInstanceUID, "UI", generateUid());
  ds.setValue(0x00080020, "DA", date); // Study Date
  ds.setValue(0x00080030, "TM", time);
  ds.setValue(0x00080050, "SH", "DPX0001"); // Accession Number
  ds.setValue(0x00080060, "CS", "OT"); // Modality
  ds.setValue(0x00080064, "CS", "WSD"); // Conversion Type: workstation (PS3.3 C.8.6.1)
  ds.setValue(0x00080070, "LO", "dicompix");
  ds.setValue(0x00080090, "PN", "");
  ds.setValue(0x00100010, "PN", "Demo^Pixel");
  ds.setValue(0x00100020, "LO", "DPX-DEMO-1");
  ds.setValue(0x00100030, "DA", "");
  ds.setValue(0x00100040, "CS", "O");
  ds.setValue(0x0020000d, "UI", generateUid()); // Study Instance UID
  ds.setValue(0x0020000e, "UI", generateUid()); // Series Instance UID
  ds.setValue(0x00200010, "SH", "1"); // Study ID
  ds.setValue(0x00200011, "IS", 1); // Series Number
  ds.setValue(0x00200013, "IS", 1); // Instance Number
  ds.setValue(0x00200020, "CS", ""); // Patient Orientation
  ds.setValue(Tag.SamplesPerPixel, "US", 3);
  ds.setValue(Tag.PhotometricInterpretation, "CS", "RGB");
  ds.setValue(Tag.PlanarConfiguration, "US", 0);
  ds.setValue(Tag.NumberOfFrames, "IS", img.frames);
  // Frame Increment Pointer -> Frame Time (PS3.3 C.7.6.6)
  ds.setValue(0x00280009, "AT", 0x00181063);
  ds.setValue(0x00181063, "DS", "40");
  ds.setValue(Tag.Rows, "US", img.rows);
  ds.setValue(Tag.Columns, "US", img.columns);
  ds.setValue(Tag.BitsAllocated, "US", 8);
  ds.setValue(Tag.BitsStored, "US", 8);
  ds.setValue(Tag.HighBit, "US", 7);
  ds.setValue(Tag.PixelRepresentation, "US", 0);
  ds.setValue(0x00281050, "DS", "128"); // Window Center
  ds.setValue(0x00281051, "DS", "256"); // Window Width
  ds.setValue(0x00281052, "DS", "0"); // Rescale Intercept
  ds.setValue(0x00281053, "DS", "1"); // Rescale Slope
  ds.setValue(0x00281054, "LO", "US"); // Rescale Type: unspecified
  ds.setValue(Tag.LossyImageCompression, "CS", "00");
  return ds;
}
