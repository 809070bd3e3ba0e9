// JPEG 2000 (ITU-T T.800 | ISO/IEC 15444-1) kernels, re-exported by assembly/index.ts. Marker and packet
// headers are parsed in src/codecs/jpeg2000/; these kernels do the entropy decoding, the IDWT and the output.
export { j2k_decode_block, j2k_decode_blocks, j2k_block_scratch_size } from "./t1";
export { j2k_idwt } from "./dwt";
export { j2k_store } from "./store";
// Lossless encoder (reversible 5-3, RCT, MQ code-block coder); packets and markers are written in src/codecs/jpeg2000/encode*.ts.
export * from "./enc-dwt";
export * from "./enc-t1";
// Lossy encoder front end (ICT, forward irreversible 9-7, scalar quantisation); the same code-block coder follows.
export * from "./enc-dwt97";
