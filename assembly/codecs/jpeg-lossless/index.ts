// JPEG lossless (ITU-T T.81 process 14) kernels. markers.ts (marker segment parser), bit-reader.ts and
// huffman.ts are written to be reusable by other JPEG kernels.
export { jpll_read_header, jpll_decode, jpll_sof_marker, jpll_error_offset, jpll_warnings } from "./decode";
export { jpll_encode, jpll_bad_sample } from "./encode";
