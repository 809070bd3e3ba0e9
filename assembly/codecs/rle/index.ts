// RLE Lossless (PS3.5 Annex G) kernels, re-exported by assembly/index.ts.
export { rle_decode_frame, rle_decode_warnings, rle_decode_error_offset } from "./decode";
export { rle_encode_frame } from "./encode";
