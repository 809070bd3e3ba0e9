// Raw deflate (RFC 1951) kernels, for Deflated Image Frame Compression (PS3.5 A.4.13).
export { deflate_inflate, deflate_trailing_bytes, deflate_error_offset } from "./inflate";
export { deflate_compress, deflate_compress_scratch_size } from "./deflate-compress";
export { deflate_code_lengths } from "./deflate-huffman";
