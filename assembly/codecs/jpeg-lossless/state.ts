// Static state of the JPEG lossless codec (ITU-T T.81 process 14). Runtime "stub": nothing is allocated,
// every table lives in static memory reserved with memory.data and is rewritten by each call.
//
// Frame (SOF, T.81 B.2.2):  P precision, Y lines, X samples per line, Nf components.
// Scan (SOS, T.81 B.2.3):   Ns components, each with a DC table selector Td; Ss = predictor, Al = Pt.
// Huffman tables (DHT, B.2.4.2): up to 4 DC tables (Th 0..3), see huffman.ts for their layout.

export const MAX_COMPONENTS: i32 = 4;

// Frame header.
export let P: i32 = 0;
export let Y: i32 = 0;
export let X: i32 = 0;
export let NF: i32 = 0;
export let SOF_MARKER: i32 = 0;
/** Component identifiers Ci, sampling factors (H << 4 | V): 4 x i32 each. */
export const COMP_ID: usize = memory.data(16, 4);
export const COMP_HV: usize = memory.data(16, 4);

// Scan header.
export let NS: i32 = 0;
/** Frame component index of each scan component. */
export const SCAN_COMP: usize = memory.data(16, 4);
/** DC table index (Td) of each scan component. */
export const SCAN_TBL: usize = memory.data(16, 4);
export let SS: i32 = 0;
export let PT: i32 = 0;
/** Restart interval Ri in MCUs (DRI, B.2.4.4); 0 = none. */
export let RI: i32 = 0;

/** Bit mask of the Huffman tables defined so far. */
export let TABLES_DEFINED: i32 = 0;

export function setFrame(p: i32, y: i32, x: i32, nf: i32, marker: i32): void {
  P = p;
  Y = y;
  X = x;
  NF = nf;
  SOF_MARKER = marker;
}
export function setY(y: i32): void {
  Y = y;
}
export function setScan(ns: i32, ss: i32, pt: i32): void {
  NS = ns;
  SS = ss;
  PT = pt;
}
export function setRestartInterval(ri: i32): void {
  RI = ri;
}
export function markTableDefined(th: i32): void {
  TABLES_DEFINED |= 1 << th;
}
export function resetState(): void {
  P = 0;
  Y = 0;
  X = 0;
  NF = 0;
  SOF_MARKER = 0;
  NS = 0;
  SS = 0;
  PT = 0;
  RI = 0;
  TABLES_DEFINED = 0;
}
