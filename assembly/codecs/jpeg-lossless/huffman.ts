// Huffman tables for JPEG lossless (ITU-T T.81 Annex C, F.2.2.3, K.2), in static memory.
//
// Decoding is table driven with a LOOKAHEAD-bit first level (T.81 F.2.2.3 done by table rather than by the
// MAXCODE loop of Figure F.16). Each of the 2^LOOKAHEAD entries of a table is an i32:
//
//   bit 31..16  the decoded difference (signed), when bit 15 is set
//   bit 15      FAST: code + its SSSS extra bits fit in LOOKAHEAD bits, the difference is precomputed
//   bit 12..8   SSSS (0..16) of the code, when FAST is clear
//   bit 4..0    bits consumed: code length (+ SSSS when FAST)
//   0           no code of length <= LOOKAHEAD starts with these bits: use the MAXCODE path (decodeLong)
import { INVALID_DATA, JPEG_INVALID_HEADER } from "../../common/status";

export const LOOKAHEAD: i32 = 10;
export const LOOK_SIZE: i32 = 1 << LOOKAHEAD;
export const FAST: i32 = 1 << 15;

/** 4 tables x 2^LOOKAHEAD entries x i32. */
export const LOOK: usize = memory.data(4 * (1 << 10) * 4, 16);
/** Per table: MAXCODE[0..17], VALPTR[0..17], MINCODE[0..17] (i32 each), Figure F.15. */
const MAXCODE: usize = memory.data(4 * 18 * 4, 4);
const VALPTR: usize = memory.data(4 * 18 * 4, 4);
const MINCODE: usize = memory.data(4 * 18 * 4, 4);
/** Per table: HUFFVAL (up to 256 bytes), B.2.4.2. */
const HUFFVAL: usize = memory.data(4 * 256, 4);

/** Encoder tables (C.2): per table 17 symbols x (code u16, size u16) packed into an i32 (size << 16 | code). */
export const EHUF: usize = memory.data(4 * 17 * 4, 4);

@inline export function lookTable(t: i32): usize {
  return LOOK + ((<usize>t) << 12);
}

/** T.81 F.2.2.1 EXTEND: a V-bit magnitude category value to a signed difference. */
@inline export function extend(v: i32, t: i32): i32 {
  return v < (1 << (t - 1)) ? v - (1 << t) + 1 : v;
}

/**
 * Builds decoder table `t` from BITS (16 counts at bitsPtr) and HUFFVAL (valsPtr).
 * Lossless tables hold SSSS values 0..16 only (T.81 H.1.2.2, Table H.2).
 * @returns 0, or a negated status
 */
export function buildDecodeTable(t: i32, bitsPtr: usize, valsPtr: usize): i32 {
  const look = lookTable(t);
  memory.fill(look, 0, <usize>(LOOK_SIZE << 2));
  const tb = <usize>t * 72;
  let code: i32 = 0;
  let k: i32 = 0;
  for (let l: i32 = 1; l <= 16; l++) {
    const n = <i32>load<u8>(bitsPtr + <usize>(l - 1));
    // Annex C: codes of length l are consecutive; more than 2^l of them cannot exist.
    if (code + n > 1 << l) return -JPEG_INVALID_HEADER;
    store<i32>(VALPTR + tb + (<usize>l << 2), k);
    store<i32>(MINCODE + tb + (<usize>l << 2), code);
    for (let i: i32 = 0; i < n; i++) {
      const s = <i32>load<u8>(valsPtr + <usize>k);
      if (s > 16) return -JPEG_INVALID_HEADER;
      store<u8>(HUFFVAL + (<usize>t << 8) + <usize>k, <u8>s);
      if (l <= LOOKAHEAD) {
        const shift = LOOKAHEAD - l;
        const base = code << shift;
        const cnt = 1 << shift;
        for (let j: i32 = 0; j < cnt; j++) {
          const idx = base + j;
          let e: i32;
          if (s <= 15 && l + s <= LOOKAHEAD) {
            const diff = s == 0 ? 0 : extend((idx >> (shift - s)) & ((1 << s) - 1), s);
            e = (diff << 16) | FAST | (l + s);
          } else {
            e = (s << 8) | l;
          }
          store<i32>(look + (<usize>idx << 2), e);
        }
      }
      code++;
      k++;
    }
    store<i32>(MAXCODE + tb + (<usize>l << 2), n > 0 ? code - 1 : -1);
    code <<= 1;
  }
  return 0;
}

/**
 * The MAXCODE path of T.81 Figure F.16 for codes longer than LOOKAHEAD (or invalid prefixes).
 * @param code16 the next 16 bits of the stream, MSB first
 * @returns (length << 8) | SSSS, or -1 when no code matches
 */
export function decodeLong(t: i32, code16: i32): i32 {
  const tb = <usize>t * 72;
  for (let l: i32 = 1; l <= 16; l++) {
    const c = code16 >> (16 - l);
    const mx = load<i32>(MAXCODE + tb + (<usize>l << 2));
    if (mx >= 0 && c <= mx) {
      const mn = load<i32>(MINCODE + tb + (<usize>l << 2));
      if (c < mn) continue;
      const vp = load<i32>(VALPTR + tb + (<usize>l << 2));
      return (l << 8) | <i32>load<u8>(HUFFVAL + (<usize>t << 8) + <usize>(vp + c - mn));
    }
  }
  return -1;
}

/**
 * Builds encoder table `t` (T.81 C.2: EHUFCO/EHUFSI) from BITS/HUFFVAL; symbols without a code get size 0.
 * @returns 0, or a negated status
 */
export function buildEncodeTable(t: i32, bitsPtr: usize, valsPtr: usize): i32 {
  const eb = EHUF + <usize>t * 68;
  memory.fill(eb, 0, 68);
  let code: i32 = 0;
  let k: i32 = 0;
  for (let l: i32 = 1; l <= 16; l++) {
    const n = <i32>load<u8>(bitsPtr + <usize>(l - 1));
    if (code + n > 1 << l) return -INVALID_DATA;
    for (let i: i32 = 0; i < n; i++) {
      const s = <i32>load<u8>(valsPtr + <usize>k);
      if (s > 16) return -INVALID_DATA;
      store<i32>(eb + (<usize>s << 2), (l << 16) | code);
      code++;
      k++;
    }
    code <<= 1;
  }
  return 0;
}
