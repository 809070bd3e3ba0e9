// Kernel status codes. Every exported kernel returns an i32: >= 0 is success (usually the number of bytes
// written), < 0 is the negation of one of these codes. Numbering follows CharLS: 1-99 bad data, 100+ bad
// argument. Mirrored, with messages, in src/errors.ts (KERNEL_STATUS table) — keep the two in step.
// Ranges by area so that kernels can add codes without colliding:
//   1-9 common, 10-19 native pixels, 20-29 RLE, 30-49 JPEG lossless, 50-69 JPEG DCT, 70-79 colour/LUT.

export const OK: i32 = 0;

// --- bad data (1-99) ---
export const TRUNCATED: i32 = 1; // the source ended before the structure it declares
export const INVALID_DATA: i32 = 2; // generic malformed data

// RLE (PS3.5 Annex G)
export const RLE_SEGMENT_COUNT: i32 = 20; // header segment count not 1..15 or not what the pixel module needs
export const RLE_SEGMENT_OFFSET: i32 = 21; // a segment offset is out of order or past the end of the fragment
export const RLE_SEGMENT_LENGTH: i32 = 22; // a segment decodes to more or fewer bytes than one byte plane

// JPEG lossless (ITU-T T.81 Annex H)
export const JPEG_INVALID_MARKER: i32 = 30; // a marker where none may be, or an unknown one
export const JPEG_HUFFMAN_CODE: i32 = 31; // a code that is in no Huffman table
export const JPEG_UNSUPPORTED_PROCESS: i32 = 32; // SOF other than the ones the decoder implements
export const JPEG_INVALID_HEADER: i32 = 33; // SOF/SOS/DHT/DRI with impossible values
export const JPEG_MISSING_TABLE: i32 = 34; // a scan refers to a table never defined
export const JPEG_NO_FRAME: i32 = 35; // no SOF or no SOS before EOI
export const JPEG_VALUE_OUT_OF_RANGE: i32 = 37; // encoder input sample outside the precision's range
export const JPEG_UNSUPPORTED_FEATURE: i32 = 36; // more than 4 components, or subsampled components in a multi-component lossless frame

// JPEG DCT (T.81 Annex F/G)
export const JPEG_INVALID_QUANT_TABLE: i32 = 50;
export const JPEG_ARITHMETIC: i32 = 51; // SOF9-SOF15: arithmetic coding (T.81 Annex D) is not implemented
export const JPEG_BAD_HUFFMAN_TABLE: i32 = 52; // DHT with an impossible code set (T.81 Annex C)
export const JPEG_UNSUPPORTED_SAMPLING: i32 = 53; // sampling factors that are not whole multiples of each other
export const JPEG_BAD_SCAN: i32 = 54; // SOS with a component, table or spectral selection the frame does not allow

// JPEG-LS (ITU-T T.87)
export const JPEGLS_INVALID_MARKER: i32 = 80; // a marker where none may be, an unknown one, or a missing restart marker
export const JPEGLS_INVALID_HEADER: i32 = 81; // SOF55/SOS/LSE/DRI with impossible values, or no frame/scan header
export const JPEGLS_UNSUPPORTED: i32 = 82; // mapping tables, subsampled components, point transform, > 4 components, height from DNL
export const JPEGLS_INVALID_CODE: i32 = 83; // a Golomb code longer than LIMIT, or a run past the end of the line
export const JPEGLS_NOT_JPEGLS: i32 = 84; // the stream has a T.81 SOF marker, not SOF55

// HTJ2K (ITU-T T.814): codes 85-89 of the 80-89 range (80-84 are JPEG-LS)
export const HT_INVALID_SEGMENT: i32 = 85; // HT codeword segments impossible: Lcup < 2, Scup outside 2..min(Lcup, 4079), bad pass counts
export const HT_INVALID_CODE: i32 = 86; // an HT cleanup pass decodes to a magnitude exponent beyond the code-block's bit-planes

// --- bad argument (100+) ---
export const INVALID_ARGUMENT: i32 = 100; // a parameter outside its range
export const DESTINATION_TOO_SMALL: i32 = 101; // the output buffer cannot hold the result
export const SIZE_LIMIT: i32 = 102; // the declared size exceeds the caller's cap

// JPEG 2000 (ITU-T T.800)
export const J2K_INVALID_CODEBLOCK: i32 = 90; // a code-block with more coding passes than its bit-planes allow, or an impossible bit-plane count
export const J2K_INVALID_HEADER: i32 = 91; // a wavelet / component-transform call with impossible geometry

// Deflate (RFC 1951; PS3.5 A.4.13 Deflated Image Frame Compression): codes 92-99 of the free 90-99 range
export const DEFLATE_INVALID_BLOCK: i32 = 92; // block type 3 (reserved, RFC 1951 3.2.3)
export const DEFLATE_STORED_LENGTH: i32 = 93; // a stored block whose LEN is not the one's complement of NLEN (3.2.4)
export const DEFLATE_INVALID_CODE_LENGTHS: i32 = 94; // over-subscribed or incomplete code, bad repeat, HLIT/HDIST out of range, no end-of-block code (3.2.7)
export const DEFLATE_INVALID_SYMBOL: i32 = 95; // a bit pattern that is no code, or literal/length 286-287, distance 30-31 (3.2.5, 3.2.6)
export const DEFLATE_DISTANCE_TOO_FAR: i32 = 96; // a distance reaching before the start of the output (3.2.5)
export const DEFLATE_OUTPUT_SHORT: i32 = 97; // the final block ended before the expected number of bytes
export const DEFLATE_OUTPUT_LONG: i32 = 98; // the stream holds more bytes than the expected number
