// Argument checks shared by the encoder's kernels (kept out of the files that assembly/codecs/jpeg2000/index.ts
// re-exports, so that they are not WebAssembly exports).
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL } from "../../common/status";
import { j2k_enc_fdwt_scratch_size } from "./enc-dwt";

/**
 * The argument check both forward wavelets (5-3 in enc-dwt.ts, 9-7 in enc-dwt97.ts) make before touching memory: a
 * w x h tile-component of 4-byte cells, `stride` cells per row, inside bufLen bytes; scratch of
 * j2k_enc_fdwt_scratch_size(w, h) bytes. Returns 0, or a negated status.
 */
export function fdwtArgsStatus(bufLen: i32, stride: i32, w: i32, h: i32, levels: i32, scratchLen: i32): i32 {
  if (w <= 0 || h <= 0 || stride < w || levels < 0 || levels > 32) return -INVALID_ARGUMENT;
  if ((<i64>(h - 1) * <i64>stride + <i64>w) * 4 > <i64>bufLen) return -INVALID_ARGUMENT;
  const need = j2k_enc_fdwt_scratch_size(w, h);
  if (need < 0) return need;
  if (scratchLen < need) return -DESTINATION_TOO_SMALL;
  return 0;
}
