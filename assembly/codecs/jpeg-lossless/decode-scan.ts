// Decoding of one lossless scan (ITU-T T.81 H.2, H.1.2) into interleaved cells of 1 or 2 bytes.
//
// Output layout: the frame's components interleaved per pixel, cell = 1 byte (P <= 8) or 2 bytes little
// endian. A scan writes its components' samples in place; predictors read the neighbours back from the
// destination (Ra left, Rb above, Rc above-left, Figure H.1), so no line buffer is needed.
//
// H.1.2.1 prediction rules, implemented by the row driver rather than per sample:
//   - first sample of the scan and of each restart interval: Px = 2^(P-Pt-1);
//   - rest of the first line of the scan / of a restart interval: Px = Ra (selection value 1);
//   - first sample of every other line: Px = Rb;
//   - everything else: the scan's selection value, one specialised loop per value (no per-sample branch).
// Reconstruction is modulo 2^16 (H.1.2.1, Table H.2 note: SSSS = 16 means difference 32768, no extra bits).
import { JPEG_HUFFMAN_CODE } from "../../common/status";
import { ACC, BITS, END, POS, noFF, readerSave, refillSlow } from "./bit-reader";
import { FAST, LOOKAHEAD, decodeLong, extend } from "./huffman";

/** Per scan component: byte offset in the pixel (component index x cell size), table pointer, table index. */
export const SCAN_OFF: usize = memory.data(16, 4);
export const SCAN_LOOK: usize = memory.data(16, 4);
export const SCAN_TD: usize = memory.data(16, 4);

/** DCMTK +wc compatibility: after SSSS = 16 skip 16 extra bits (a Cornell-library encoder bug). */
export let WORKAROUND_SSSS16: bool = false;
export function setWorkaroundSsss16(on: bool): void {
  WORKAROUND_SSSS16 = on;
}

/**
 * Decodes one difference (F.2.2.1 + Table H.2) with `bits >= 32` valid bits in `acc`.
 * @returns ((diff + 32768) << 6) | bits consumed, or -1 for a code that is in no table
 */
@inline function decodeDiff(acc: u64, bits: i32, look: usize, td: i32): i32 {
  const e = load<i32>(look + ((<usize>(acc >> <u64>(bits - LOOKAHEAD)) & <usize>((1 << LOOKAHEAD) - 1)) << 2));
  if (e & FAST) return (((e >> 16) + 32768) << 6) | (e & 31);
  let len: i32;
  let s: i32;
  if (e != 0) {
    len = e & 31;
    s = (e >> 8) & 31;
  } else {
    const r = decodeLong(td, <i32>(acc >> <u64>(bits - 16)) & 0xffff);
    if (r < 0) return -1;
    len = r >> 8;
    s = r & 255;
  }
  if (s == 0) return (32768 << 6) | len;
  if (s == 16) {
    if (WORKAROUND_SSSS16) return (65536 << 6) | (len + 16);
    return (65536 << 6) | len;
  }
  const v = <i32>(acc >> <u64>(bits - len - s)) & ((1 << s) - 1);
  return ((extend(v, s) + 32768) << 6) | (len + s);
}

/** A 16-bit cell read as a signed number. */
@inline function sx16(v: i32): i32 {
  return (v << 16) >> 16;
}

@inline function ld<T>(p: usize): i32 {
  return <i32>load<T>(p);
}

/**
 * Decodes samples x0..x1-1 of one line with selection value `sv` (constant after inlining).
 * @returns 0 or -JPEG_HUFFMAN_CODE
 */
@inline function runLine<T>(sv: i32, one: bool, pix: usize, n: i32, stride: usize, rowBytes: usize, ns: i32): i32 {
  // With one component in the scan (`one`, constant after inlining) its offset and table stay in locals:
  // the stores into the frame could alias the static tables, so the compiler would not hoist the loads.
  // Likewise for up to 4 interleaved components: per-component values are picked with selects, not loads.
  const off0 = <usize>load<i32>(SCAN_OFF);
  const look0 = load<usize>(SCAN_LOOK);
  const td0 = load<i32>(SCAN_TD);
  const off1 = <usize>load<i32>(SCAN_OFF + 4);
  const look1 = load<usize>(SCAN_LOOK + 4);
  const td1 = load<i32>(SCAN_TD + 4);
  const off2 = <usize>load<i32>(SCAN_OFF + 8);
  const look2 = load<usize>(SCAN_LOOK + 8);
  const td2 = load<i32>(SCAN_TD + 8);
  const off3 = <usize>load<i32>(SCAN_OFF + 12);
  const look3 = load<usize>(SCAN_LOOK + 12);
  const td3 = load<i32>(SCAN_TD + 12);
  if (one) ns = 1;
  let ra: i32 = one ? ld<T>(pix + off0 - stride) : 0;
  let acc = ACC;
  let bits = BITS;
  let pos = POS;
  const end = END;
  for (let i: i32 = 0; i < n; i++) {
    for (let k: i32 = 0; k < ns; k++) {
      const p = pix + (one || k == 0 ? off0 : k == 1 ? off1 : k == 2 ? off2 : off3);
      if (bits < 32) {
        let slow = true;
        if (pos + 4 <= end) {
          const w = load<u32>(pos);
          if (noFF(w)) {
            acc = (acc << 32) | <u64>bswap<u32>(w);
            pos += 4;
            bits += 32;
            slow = false;
          }
        }
        if (slow) {
          readerSave(acc, bits, pos);
          refillSlow();
          acc = ACC;
          bits = BITS;
          pos = POS;
        }
      }
      const r = one
        ? decodeDiff(acc, bits, look0, td0)
        : decodeDiff(acc, bits, k == 0 ? look0 : k == 1 ? look1 : k == 2 ? look2 : look3, k == 0 ? td0 : k == 1 ? td1 : k == 2 ? td2 : td3);
      if (r < 0) {
        readerSave(acc, bits, pos);
        return -JPEG_HUFFMAN_CODE;
      }
      bits -= r & 63;
      const diff = (r >> 6) - 32768;
      // Table H.1 predictors; neighbours are already reconstructed cells. With one component Ra is the
      // sample just decoded, kept in a register: re-reading it from memory would put a store-to-load
      // forwarding delay on the critical path of every sample.
      const a = one ? ra : ld<T>(p - stride);
      let px: i32;
      if (sv == 1) px = a;
      else if (sv == 2) px = ld<T>(p - rowBytes);
      else if (sv == 3) px = ld<T>(p - rowBytes - stride);
      else if (sv == 4) px = a + ld<T>(p - rowBytes) - ld<T>(p - rowBytes - stride);
      else if (sv == 5) px = a + ((ld<T>(p - rowBytes) - ld<T>(p - rowBytes - stride)) >> 1);
      else if (sv == 6) px = ld<T>(p - rowBytes) + ((a - ld<T>(p - rowBytes - stride)) >> 1);
      else if (sv == 7) px = (a + ld<T>(p - rowBytes)) >> 1;
      // 8: selection value 6 as some old 16-bit encoders computed it, in signed 16-bit arithmetic (DCMTK +w6).
      else px = sx16(ld<T>(p - rowBytes)) + ((sx16(a) - sx16(ld<T>(p - rowBytes - stride))) >> 1);
      const v = (px + diff) & (sizeof<T>() == 1 ? 0xff : 0xffff);
      store<T>(p, <T>v);
      if (one) ra = v;
    }
    pix += stride;
  }
  readerSave(acc, bits, pos);
  return 0;
}

function line8(sv: i32, pix: usize, n: i32, stride: usize, rowBytes: usize, ns: i32): i32 {
  // One specialised loop per selection value: the switch runs once per line segment, not per sample.
  if (sv == 8) sv = 6; // the 16-bit predictor 6 workaround changes nothing for 8-bit cells
  switch (sv) {
    case 1: return ns == 1 ? runLine<u8>(1, true, pix, n, stride, rowBytes, 1) : runLine<u8>(1, false, pix, n, stride, rowBytes, ns);
    case 2: return ns == 1 ? runLine<u8>(2, true, pix, n, stride, rowBytes, 1) : runLine<u8>(2, false, pix, n, stride, rowBytes, ns);
    case 3: return ns == 1 ? runLine<u8>(3, true, pix, n, stride, rowBytes, 1) : runLine<u8>(3, false, pix, n, stride, rowBytes, ns);
    case 4: return ns == 1 ? runLine<u8>(4, true, pix, n, stride, rowBytes, 1) : runLine<u8>(4, false, pix, n, stride, rowBytes, ns);
    case 5: return ns == 1 ? runLine<u8>(5, true, pix, n, stride, rowBytes, 1) : runLine<u8>(5, false, pix, n, stride, rowBytes, ns);
    case 6: return ns == 1 ? runLine<u8>(6, true, pix, n, stride, rowBytes, 1) : runLine<u8>(6, false, pix, n, stride, rowBytes, ns);
    default: return ns == 1 ? runLine<u8>(7, true, pix, n, stride, rowBytes, 1) : runLine<u8>(7, false, pix, n, stride, rowBytes, ns);
  }
}

function line16(sv: i32, pix: usize, n: i32, stride: usize, rowBytes: usize, ns: i32): i32 {
  switch (sv) {
    case 1: return ns == 1 ? runLine<u16>(1, true, pix, n, stride, rowBytes, 1) : runLine<u16>(1, false, pix, n, stride, rowBytes, ns);
    case 2: return ns == 1 ? runLine<u16>(2, true, pix, n, stride, rowBytes, 1) : runLine<u16>(2, false, pix, n, stride, rowBytes, ns);
    case 3: return ns == 1 ? runLine<u16>(3, true, pix, n, stride, rowBytes, 1) : runLine<u16>(3, false, pix, n, stride, rowBytes, ns);
    case 4: return ns == 1 ? runLine<u16>(4, true, pix, n, stride, rowBytes, 1) : runLine<u16>(4, false, pix, n, stride, rowBytes, ns);
    case 5: return ns == 1 ? runLine<u16>(5, true, pix, n, stride, rowBytes, 1) : runLine<u16>(5, false, pix, n, stride, rowBytes, ns);
    case 6: return ns == 1 ? runLine<u16>(6, true, pix, n, stride, rowBytes, 1) : runLine<u16>(6, false, pix, n, stride, rowBytes, ns);
    case 8: return ns == 1 ? runLine<u16>(8, true, pix, n, stride, rowBytes, 1) : runLine<u16>(8, false, pix, n, stride, rowBytes, ns);
    default: return ns == 1 ? runLine<u16>(7, true, pix, n, stride, rowBytes, 1) : runLine<u16>(7, false, pix, n, stride, rowBytes, ns);
  }
}

/** Decodes a line segment of `n` MCUs starting at `pix` with selection value `sv`. */
export function decodeLine(cb: i32, sv: i32, pix: usize, n: i32, stride: usize, rowBytes: usize, ns: i32): i32 {
  if (n <= 0) return 0;
  return cb == 1 ? line8(sv, pix, n, stride, rowBytes, ns) : line16(sv, pix, n, stride, rowBytes, ns);
}

/**
 * Decodes the MCU at `pix` with an explicit predictor: mode 0 uses `init` (2^(P-Pt-1)), mode 1 uses Rb.
 * @returns 0 or -JPEG_HUFFMAN_CODE
 */
export function decodeSpecial(cb: i32, pix: usize, rowBytes: usize, ns: i32, mode: i32, init: i32): i32 {
  for (let k: i32 = 0; k < ns; k++) {
    const p = pix + <usize>load<i32>(SCAN_OFF + (<usize>k << 2));
    if (BITS < 32) refillSlow();
    const r = decodeDiff(ACC, BITS, load<usize>(SCAN_LOOK + (<usize>k << 2)), load<i32>(SCAN_TD + (<usize>k << 2)));
    if (r < 0) return -JPEG_HUFFMAN_CODE;
    BITS -= r & 63;
    const diff = (r >> 6) - 32768;
    let px = init;
    if (mode == 1) px = cb == 1 ? ld<u8>(p - rowBytes) : ld<u16>(p - rowBytes);
    if (cb == 1) store<u8>(p, <u8>(px + diff));
    else store<u16>(p, <u16>(px + diff));
  }
  return 0;
}
