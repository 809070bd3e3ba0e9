// Pass 1 of the JPEG lossless encoder: prediction (ITU-T T.81 H.1.2.1) and SSSS statistics (K.2 input).
// The first-line / first-column / restart rules are the decoder's (decode.ts), mirrored exactly.
import { FREQ } from "./encode-tables";

let MASK: i32 = 0;
let SHIFT: i32 = 0;

/** Sets the sample mask (2^P - 1) and point transform for val(). */
export function setSampleTransform(precision: i32, pt: i32): void {
  MASK = (1 << precision) - 1;
  SHIFT = pt;
}


/** A sample as the encoder sees it: its low P bits (the stored bit pattern), point-transformed (H.1.2.1). */
@inline function val<T>(p: usize): i32 {
  return (<i32>load<T>(p) & MASK) >> SHIFT;
}
/** Index of the first out-of-range sample found by checkRange. */
export let BAD_SAMPLE: i32 = -1;

export function resetBadSample(): void {
  BAD_SAMPLE = -1;
}

/**
 * Checks that every cell holds a value of `precision` bits: 0..2^P-1 when unsigned, or the sign-extended
 * -2^(P-1)..2^(P-1)-1 when signed (the canonical form), so that encoding the low P bits loses nothing.
 * Branch-free: (cell + bias) modulo the cell size must be below 2^P, with bias 2^(P-1) for signed data; the
 * OR of all those values (16 bytes at a time, SIMD) is tested once, and the first bad index is searched only
 * on failure.
 */
export function checkRange(src: usize, count: i32, cb: i32, precision: i32, signed: bool): bool {
  if (precision == cb * 8) return true; // every bit pattern is a valid value
  const bias = signed ? 1 << (precision - 1) : 0;
  const limit = 1 << precision;
  const bytes = <usize>count * <usize>cb;
  let i: usize = 0;
  let acc = i32x4.splat(0);
  if (cb == 2) {
    const vb = i16x8.splat(<i16>bias);
    for (; i + 16 <= bytes; i += 16) acc = v128.or(acc, i16x8.add(v128.load(src + i), vb));
    const m = v128.or(acc, i32x4.shr_u(acc, 16)); // fold the high halves onto the low ones
    let or = (i32x4.extract_lane(m, 0) | i32x4.extract_lane(m, 1) | i32x4.extract_lane(m, 2) | i32x4.extract_lane(m, 3)) & 0xffff;
    for (; i < bytes; i += 2) or |= (<i32>load<u16>(src + i) + bias) & 0xffff;
    if (or < limit) return true;
  } else {
    const vb = i8x16.splat(<i8>bias);
    for (; i + 16 <= bytes; i += 16) acc = v128.or(acc, i8x16.add(v128.load(src + i), vb));
    let m = v128.or(acc, i32x4.shr_u(acc, 16));
    m = v128.or(m, i32x4.shr_u(m, 8));
    let or = (i32x4.extract_lane(m, 0) | i32x4.extract_lane(m, 1) | i32x4.extract_lane(m, 2) | i32x4.extract_lane(m, 3)) & 0xff;
    for (; i < bytes; i++) or |= (<i32>load<u8>(src + i) + bias) & 0xff;
    if (or < limit) return true;
  }
  // Find the first offending sample for the message.
  const cellMask = cb == 1 ? 0xff : 0xffff;
  for (let k: i32 = 0; k < count; k++) {
    const v = cb == 1 ? <i32>load<u8>(src + <usize>k) : <i32>load<u16>(src + (<usize>k << 1));
    if (((v + bias) & cellMask) >= limit) {
      BAD_SAMPLE = k;
      return false;
    }
  }
  return true;
}

/**
 * Records difference `d` (modulo 2^16, as i16) of component c at scratch position q and counts its SSSS.
 * `half` (0/1) picks one of two histograms, so that neighbouring samples with the same category do not
 * wait on each other's counter update (encode-tables.ts adds the halves).
 */
@inline function emitDiff(q: usize, d: i32, c: i32, half: i32): void {
  const di = (d << 16) >> 16;
  store<i16>(q, <i16>di);
  const a = di < 0 ? -di : di;
  const s = a == 0 ? 0 : 32 - clz<i32>(a);
  const f = FREQ + (<usize>(half * 72 + c * 18 + s) << 2);
  store<i32>(f, load<i32>(f) + 1);
}

@inline function predictLine<T>(sv: i32, src: usize, scr: usize, n: i32, ncomp: i32, cb: i32, rowBytes: usize): void {
  const stride = <usize>(ncomp * cb);
  const sstride = <usize>(ncomp * 2);
  for (let i: i32 = 0; i < n; i++) {
    for (let c: i32 = 0; c < ncomp; c++) {
      const p = src + <usize>(c * cb);
      let px: i32;
      if (sv == 1) px = val<T>(p - stride);
      else if (sv == 2) px = val<T>(p - rowBytes);
      else if (sv == 3) px = val<T>(p - rowBytes - stride);
      else if (sv == 4) px = val<T>(p - stride) + val<T>(p - rowBytes) - val<T>(p - rowBytes - stride);
      else if (sv == 5) px = val<T>(p - stride) + ((val<T>(p - rowBytes) - val<T>(p - rowBytes - stride)) >> 1);
      else if (sv == 6) px = val<T>(p - rowBytes) + ((val<T>(p - stride) - val<T>(p - rowBytes - stride)) >> 1);
      else px = (val<T>(p - stride) + val<T>(p - rowBytes)) >> 1;
      emitDiff(scr + <usize>(c << 1), val<T>(p) - px, c, i & 1);
    }
    src += stride;
    scr += sstride;
  }
}

function predict8(sv: i32, src: usize, scr: usize, n: i32, ncomp: i32, rowBytes: usize): void {
  switch (sv) {
    case 1: predictLine<u8>(1, src, scr, n, ncomp, 1, rowBytes); break;
    case 2: predictLine<u8>(2, src, scr, n, ncomp, 1, rowBytes); break;
    case 3: predictLine<u8>(3, src, scr, n, ncomp, 1, rowBytes); break;
    case 4: predictLine<u8>(4, src, scr, n, ncomp, 1, rowBytes); break;
    case 5: predictLine<u8>(5, src, scr, n, ncomp, 1, rowBytes); break;
    case 6: predictLine<u8>(6, src, scr, n, ncomp, 1, rowBytes); break;
    default: predictLine<u8>(7, src, scr, n, ncomp, 1, rowBytes);
  }
}

function predict16(sv: i32, src: usize, scr: usize, n: i32, ncomp: i32, rowBytes: usize): void {
  switch (sv) {
    case 1: predictLine<u16>(1, src, scr, n, ncomp, 2, rowBytes); break;
    case 2: predictLine<u16>(2, src, scr, n, ncomp, 2, rowBytes); break;
    case 3: predictLine<u16>(3, src, scr, n, ncomp, 2, rowBytes); break;
    case 4: predictLine<u16>(4, src, scr, n, ncomp, 2, rowBytes); break;
    case 5: predictLine<u16>(5, src, scr, n, ncomp, 2, rowBytes); break;
    case 6: predictLine<u16>(6, src, scr, n, ncomp, 2, rowBytes); break;
    default: predictLine<u16>(7, src, scr, n, ncomp, 2, rowBytes);
  }
}

/** One MCU with an explicit predictor: mode 0 = `init`, mode 1 = Rb. */
function predictSpecial(src: usize, scr: usize, ncomp: i32, cb: i32, rowBytes: usize, mode: i32, init: i32): void {
  for (let c: i32 = 0; c < ncomp; c++) {
    const p = src + <usize>(c * cb);
    let px = init;
    if (mode == 1) px = cb == 1 ? val<u8>(p - rowBytes) : val<u16>(p - rowBytes);
    const v = cb == 1 ? val<u8>(p) : val<u16>(p);
    emitDiff(scr + <usize>(c << 1), v - px, c, 0);
  }
}

/** Pass 1 over the frame (H.1.2.1 rules as in decode.ts). */
export function predictFrame(src: usize, scr: usize, rows: i32, cols: i32, ncomp: i32, cb: i32, sv: i32, init: i32, ri: i32): void {
  const stride = <usize>(ncomp * cb);
  const rowBytes = <usize>cols * stride;
  const sstride = <usize>(ncomp * 2);
  const srowBytes = <usize>cols * sstride;
  let mcusLeft = ri;
  let needInit = true;
  for (let y: i32 = 0; y < rows; y++) {
    const row = src + <usize>y * rowBytes;
    const srow = scr + <usize>y * srowBytes;
    let firstLine = y == 0;
    let x: i32 = 0;
    while (x < cols) {
      if (ri > 0 && mcusLeft == 0) {
        mcusLeft = ri;
        firstLine = true;
        needInit = true;
      }
      let xe = cols;
      if (ri > 0 && mcusLeft < cols - x) xe = x + mcusLeft;
      let xs = x;
      let lineSv = sv;
      if (firstLine) {
        lineSv = 1;
        if (needInit) {
          predictSpecial(row + <usize>xs * stride, srow + <usize>xs * sstride, ncomp, cb, rowBytes, 0, init);
          xs++;
          needInit = false;
        }
      } else if (xs == 0) {
        predictSpecial(row, srow, ncomp, cb, rowBytes, 1, 0);
        xs++;
      }
      if (xe > xs) {
        if (cb == 1) predict8(lineSv, row + <usize>xs * stride, srow + <usize>xs * sstride, xe - xs, ncomp, rowBytes);
        else predict16(lineSv, row + <usize>xs * stride, srow + <usize>xs * sstride, xe - xs, ncomp, rowBytes);
      }
      if (ri > 0) mcusLeft -= xe - x;
      x = xe;
    }
  }
}

