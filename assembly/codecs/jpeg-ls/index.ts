// JPEG-LS (ITU-T T.87 | ISO/IEC 14495-1) kernels, re-exported by assembly/index.ts.
export { jpegls_read_header, jpegls_decode, jpegls_scratch_size, jpegls_error_offset, jpegls_warnings } from "./decode";
export { jpegls_encode, jpegls_encode_scratch_size, jpegls_bad_sample } from "./encode";
