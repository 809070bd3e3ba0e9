// Static tables and scratch of the raw-deflate decoder (RFC 1951). Kernels never allocate: every table lives
// in static memory (memory.data), sized for the worst case the builder (huffman.ts) can produce.

/** RFC 1951 3.2.5: base length of literal/length symbols 257..285. */
export const LENGTH_BASE: usize = memory.data<u16>([
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]);
/** RFC 1951 3.2.5: extra bits of literal/length symbols 257..285. */
export const LENGTH_EXTRA: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
/** RFC 1951 3.2.5: base distance of distance symbols 0..29. */
export const DIST_BASE: usize = memory.data<u16>([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
]);
/** RFC 1951 3.2.5: extra bits of distance symbols 0..29. */
export const DIST_EXTRA: usize = memory.data<u8>([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);
/** RFC 1951 3.2.7: the order in which the code length code lengths are sent. */
export const CL_ORDER: usize = memory.data<u8>([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

// Decode table entries (u32), one per `root`-bit index of the bit buffer (bits read LSB first, RFC 1951 3.1.1):
//
//   bits 0-3   code length to consume (in a subtable: the bits beyond the root)
//   bits 4-7   extra bits that follow the code (length or distance), or a subtable's index width
//   bits 8-10  kind: KIND_LITERAL, KIND_LENGTH, KIND_END, KIND_SUB, KIND_INVALID
//   bits 16-31 literal byte, base length, base distance, or the subtable's offset in entries
export const KIND_LITERAL: u32 = 0 << 8;
export const KIND_LENGTH: u32 = 1 << 8;
export const KIND_END: u32 = 2 << 8;
export const KIND_SUB: u32 = 3 << 8;
export const KIND_INVALID: u32 = 4 << 8;
export const KIND_MASK: u32 = 7 << 8;

/** Root bits of the literal/length table (codes of up to 10 bits resolve in one look-up). */
export const LITLEN_ROOT: i32 = 10;
/** Root bits of the distance table. */
export const DIST_ROOT: i32 = 8;
/** Root bits of the code length code table (its codes have at most 7 bits: no subtables). */
export const CL_ROOT: i32 = 7;
/** Longest code (RFC 1951 3.2.7: code lengths 0..15). */
export const MAX_BITS: i32 = 15;

// Subtables are 2^(longest code - root) entries each, one per root prefix that has longer codes. In a
// complete code every such prefix holds at least two codes, so there are at most symbols / 2 of them.
// Literal/length: 1024 + 144 * 32 entries; distance: 256 + 15 * 128.
export const LITLEN_ENTRIES: i32 = (1 << LITLEN_ROOT) + (288 / 2) * (1 << (MAX_BITS - LITLEN_ROOT));
export const DIST_ENTRIES: i32 = (1 << DIST_ROOT) + (30 / 2) * (1 << (MAX_BITS - DIST_ROOT));

/** Dynamic-block tables (rebuilt for each block of type 2). */
export const DYN_LITLEN: usize = memory.data(LITLEN_ENTRIES * 4, 16);
export const DYN_DIST: usize = memory.data(DIST_ENTRIES * 4, 16);
/** Fixed-code tables (RFC 1951 3.2.6), built once on first use. */
export const FIXED_LITLEN: usize = memory.data((1 << LITLEN_ROOT) * 4, 16);
export const FIXED_DIST: usize = memory.data((1 << DIST_ROOT) * 4, 16);
/** Code length code table (3.2.7). */
export const CL_TABLE: usize = memory.data((1 << CL_ROOT) * 4, 16);
/** Code lengths of one block: up to 286 + 30 (+ 2 reserved) symbols, one byte each. */
export const LENGTHS: usize = memory.data(320, 16);
/** Builder scratch: count per length, next code per length (u16 each), symbols sorted by code (u16). */
export const COUNTS: usize = memory.data(16 * 2, 16);
export const NEXT_CODE: usize = memory.data(16 * 2, 16);
export const SORTED: usize = memory.data(288 * 2, 16);
