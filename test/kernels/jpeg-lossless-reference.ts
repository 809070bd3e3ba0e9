/**
 * A deliberately plain JPEG lossless (T.81 process 14) reference encoder for tests, written independently of
 * the kernels: per-sample branches for the H.1.2.1 prediction rules, one fixed Huffman table in which SSSS
 * value s has the 5-bit code s, byte stuffing per F.1.2.3. Options add the stream features the decoder
 * must accept: one scan per component, restart intervals, fill bytes, tables after SOF, DNL, trailing garbage.
 */

export interface RefImage {
  rows: number;
  cols: number;
  comps: number;
  precision: number;
  /** Interleaved samples (comps per pixel), each 0..2^precision-1. */
  samples: ArrayLike<number>;
}

export interface RefOptions {
  predictor?: number;
  pointTransform?: number;
  restartInterval?: number;
  /** One scan per component instead of one interleaved scan. */
  separateScans?: boolean;
  /** 0xFF fill bytes before every marker after SOI (B.1.1.2). */
  fillBytes?: number;
  /** Write DHT before SOF (default after). */
  tablesFirst?: boolean;
  /** Write 0 lines in SOF and a DNL segment after the first scan (B.2.5). */
  dnl?: boolean;
  /** Bytes appended after EOI. */
  trailing?: number[];
  /** Omit EOI. */
  noEoi?: boolean;
  /** Encoder bug DCMTK +w6 undoes: selection value 6 computed on the samples as int16. */
  predictor6Int16?: boolean;
  /** Encoder bug DCMTK +wc undoes: 16 extra bits written after SSSS 16. */
  ssss16ExtraBits?: boolean;
}

class Bits {
  readonly out: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, size: number): void {
    for (let i = size - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >>> i) & 1);
      this.n++;
      if (this.n === 8) this.emit();
    }
  }
  private emit(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0);
    this.acc = 0;
    this.n = 0;
  }
  /** Pads with 1-bits to a byte boundary. */
  flush(): void {
    while (this.n !== 0) this.put(1, 1);
  }
}

/** Prediction per T.81 H.1.2.1 for sample (x, y) of one component; `get` reads reconstructed values. */
export function refPredict(
  x: number,
  y: number,
  cols: number,
  sv: number,
  precision: number,
  pt: number,
  ri: number,
  get: (x: number, y: number) => number,
): number {
  const mcu = y * cols + x;
  const start = ri > 0 ? Math.floor(mcu / ri) * ri : 0;
  if (mcu === start) return 1 << (precision - pt - 1);
  if (y === Math.floor(start / cols)) return get(x - 1, y);
  if (x === 0) return get(x, y - 1);
  const a = get(x - 1, y);
  const b = get(x, y - 1);
  const c = get(x - 1, y - 1);
  switch (sv) {
    case 1: return a;
    case 2: return b;
    case 3: return c;
    case 4: return a + b - c;
    case 5: return a + ((b - c) >> 1);
    case 6: return b + ((a - c) >> 1);
    case 8: return ((b << 16) >> 16) + ((((a << 16) >> 16) - ((c << 16) >> 16)) >> 1); // int16 variant of 6
    case 7: return (a + b) >> 1;
    default: throw new RangeError(`predictor ${sv}`);
  }
}

function category(d: number): number {
  let a = Math.abs(d);
  let s = 0;
  while (a > 0) {
    s++;
    a >>= 1;
  }
  return s;
}

export function refEncode(img: RefImage, o: RefOptions = {}): Uint8Array {
  const { rows, cols, comps, precision } = img;
  const sv = o.predictor ?? 1;
  const pt = o.pointTransform ?? 0;
  const ri = o.restartInterval ?? 0;
  const out: number[] = [];
  const marker = (m: number) => {
    for (let i = 0; i < (o.fillBytes ?? 0); i++) out.push(0xff);
    out.push(0xff, m);
  };
  const word = (w: number) => out.push((w >> 8) & 0xff, w & 0xff);
  const dht = () => {
    marker(0xc4);
    word(2 + 17 + 17);
    out.push(0x00);
    for (let l = 1; l <= 16; l++) out.push(l === 5 ? 17 : 0);
    for (let s = 0; s <= 16; s++) out.push(s);
  };
  out.push(0xff, 0xd8); // SOI starts the stream: no fill bytes before it
  if (o.tablesFirst) dht();
  marker(0xc3);
  word(8 + 3 * comps);
  out.push(precision);
  word(o.dnl ? 0 : rows);
  word(cols);
  out.push(comps);
  for (let c = 0; c < comps; c++) out.push(c + 1, 0x11, 0);
  if (!o.tablesFirst) dht();
  if (ri > 0) {
    marker(0xdd);
    word(4);
    word(ri);
  }
  const value = (x: number, y: number, c: number) => img.samples[(y * cols + x) * comps + c]! >> pt;
  const scans = o.separateScans ? Array.from({ length: comps }, (_, c) => [c]) : [Array.from({ length: comps }, (_, c) => c)];
  scans.forEach((scan, si) => {
    marker(0xda);
    word(6 + 2 * scan.length);
    out.push(scan.length);
    for (const c of scan) out.push(c + 1, 0x00);
    out.push(sv, 0, pt);
    let bits = new Bits();
    let rst = 0;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const mcu = y * cols + x;
        if (ri > 0 && mcu > 0 && mcu % ri === 0) {
          bits.flush();
          out.push(...bits.out);
          marker(0xd0 + (rst++ & 7));
          bits = new Bits();
        }
        for (const c of scan) {
          const psv = sv === 6 && o.predictor6Int16 ? 8 : sv;
          const px = refPredict(x, y, cols, psv, precision, pt, ri, (xx, yy) => value(xx, yy, c));
          let d = (value(x, y, c) - px) & 0xffff;
          if (d >= 0x8000) d -= 0x10000;
          const s = d === -0x8000 ? 16 : category(d);
          bits.put(s, 5);
          if (s > 0 && s < 16) bits.put(d < 0 ? (d - 1) & ((1 << s) - 1) : d, s);
          if (s === 16 && o.ssss16ExtraBits) bits.put(0, 16);
        }
      }
    }
    bits.flush();
    out.push(...bits.out);
    if (o.dnl && si === 0) {
      marker(0xdc);
      word(4);
      word(rows);
    }
  });
  if (!o.noEoi) marker(0xd9);
  out.push(...(o.trailing ?? []));
  return Uint8Array.from(out);
}

/** The samples a decoder returns for `img` with point transform pt: (v >> pt) << pt. */
export function refExpected(img: RefImage, pt = 0): number[] {
  return Array.from(img.samples, (v) => (v >> pt) << pt);
}
