// Huffman table construction for the DCT decoder (ITU-T T.81 Annex C and F.2.2.3).
import { HT_DEFINED, HT_FASTAC, HT_LOOKUP, HT_MAXCODE, HT_VALOFF, HT_VALUES, HUFF, HT_STRIDE } from "./state";

export const LOOKUP_BITS: i32 = 9;

/**
 * Builds one decoding table from a DHT entry: `counts` points at BITS (16 bytes: number of codes of each
 * length 1..16), `values` at HUFFVAL. Returns false for an impossible table (more codes of a length than
 * that length can hold, an all-ones code (T.81 C, as libjpeg enforces), or a DC symbol above 15).
 */
export function buildHuffTable(tbl: usize, counts: usize, values: usize, isAc: bool): bool {
  memory.fill(tbl + HT_LOOKUP, 0, 1024);
  let code: i32 = 0;
  let k: i32 = 0;
  for (let l: i32 = 1; l <= 16; l++) {
    const n = <i32>load<u8>(counts + <usize>(l - 1));
    store<i32>(tbl + HT_VALOFF + (<usize>l << 2), k - code);
    for (let i: i32 = 0; i < n; i++) {
      const sym = <i32>load<u8>(values + <usize>k);
      if (!isAc && sym > 15) return false;
      store<u8>(tbl + HT_VALUES + <usize>k, <u8>sym);
      if (l <= LOOKUP_BITS) {
        // Every 9-bit prefix that starts with this code decodes to it (F.2.2.3 sped up with a lookahead).
        const shift = LOOKUP_BITS - l;
        const first = code << shift;
        const entry = <u16>((l << 8) | sym);
        for (let j: i32 = 0; j < (1 << shift); j++) store<u16>(tbl + HT_LOOKUP + (<usize>(first + j) << 1), entry);
      }
      code++;
      k++;
    }
    store<i32>(tbl + HT_MAXCODE + (<usize>l << 2), n > 0 ? code - 1 : -1);
    if (n > 0 && code >= (1 << l)) return false;
    code <<= 1;
  }
  store<i32>(tbl + HT_MAXCODE + (17 << 2), 0x7fffffff);
  store<i32>(tbl + HT_DEFINED, 1);
  if (isAc) buildFastAc(tbl);
  return true;
}

/** For each 9-bit prefix holding a whole AC code and its magnitude bits (F.2.2.2), the decoded
 *  coefficient, run and bit count in one entry. */
function buildFastAc(tbl: usize): void {
  for (let p: i32 = 0; p < 512; p++) {
    const e = <i32>load<u16>(tbl + HT_LOOKUP + (<usize>p << 1));
    let f: i32 = 0;
    if (e != 0) {
      const l = e >> 8;
      const rs = e & 0xff;
      const s = rs & 15;
      if (s != 0 && l + s <= LOOKUP_BITS) {
        let v = (p >> (LOOKUP_BITS - l - s)) & ((1 << s) - 1);
        if (v < (1 << (s - 1))) v = v - (1 << s) + 1; // F.2.2.1 EXTEND
        f = (v << 16) | ((rs >> 4) << 8) | (l + s);
      }
    }
    store<i32>(tbl + HT_FASTAC + (<usize>p << 2), f);
  }
}

/** True when the table `id` of class `isAc` was defined by a DHT. */
@inline export function huffDefined(isAc: i32, id: i32): bool {
  return load<i32>(HUFF + <usize>(((isAc << 2) + id) * HT_STRIDE) + HT_DEFINED) != 0;
}
