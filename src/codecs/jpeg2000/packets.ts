/**
 * JPEG 2000 tile structure and packets (ITU-T T.800 Annex B): tile-components, resolutions, subbands,
 * precincts and code-blocks (B.3-B.7), tag trees (B.10.2), packet headers (B.10: inclusion, zero bit-planes,
 * number of passes, Lblock and lengths), the progression orders (B.12) and the codeword segments of each
 * code-block (D.4, D.6), producing the decoding plan the kernels consume.
 */
import { DicomPixelError } from "../../errors.js";
import type { J2kBlockPlan, J2kComponentPlan, J2kTilePlan } from "../../wasm/kernels/jpeg2000.js";
import type { J2kCodestream, J2kTileData } from "./codestream.js";
import { BitReader, TagTree } from "./tag-tree.js";

const cdiv = (a: number, b: number) => Math.ceil(a / b);

interface Block {
  plan: J2kBlockPlan;
  included: boolean;
  lblock: number;
  passes: number;
  /** Codeword segments so far (D.4: one, or one per pass with termination, or the bypass pattern of D.6). */
  segs: Segment[];
  /** HT code-blocks: the placeholder passes before the HT cleanup pass, once that pass has been signalled. */
  htZ?: number;
}

/**
 * T.814 B.3 (HT code-blocks): before the first non-empty HT cleanup segment, a contribution of n passes may hold
 * placeholder passes (empty, whole bit-planes) ending with a cleanup pass followed by (n - 1 - Z) % 3 refinement
 * passes; its cleanup length has Lblock + floor(log2(passes up to the cleanup)) bits, widened to
 * Lblock + floor(log2(n)) bits when it is zero (placeholders only). After the cleanup, passes go to the HT
 * refinement segment (SigProp, MagRef). Only one HT set per code-block is decoded.
 * @returns 0 (every pass accounted for)
 * @throws {DicomPixelError} INVALID_DATA for placeholder passes with bytes, UNSUPPORTED_FEATURE for several HT sets
 */
function htLengths(b: Block, n: number, br: BitReader, lens: [Segment, number][], frameIndex?: number): number {
  const log2 = (k: number) => Math.floor(Math.log2(k));
  if (b.htZ === undefined) {
    const href = (b.passes + n - 1) % 3;
    const upTo = n - href;
    const len = br.bits(b.lblock + log2(Math.max(upTo, 1)));
    if (upTo < 1 || len === 0) {
      const extra = log2(n) - log2(Math.max(upTo, 1));
      if (len !== 0 || (extra > 0 && br.bits(extra) !== 0)) {
        throw new DicomPixelError("INVALID_DATA", "HTJ2K placeholder passes carry bytes (T.814 B.3; mixed mode is not supported)", { frameIndex });
      }
      return 0;
    }
    b.htZ = b.passes + upTo - 1;
    const cup: Segment = { bytes: 0, passes: 1, start: b.htZ };
    b.segs.push(cup);
    lens.push([cup, len]);
    if (href > 0) {
      const ref: Segment = { bytes: 0, passes: href, start: b.htZ + 1 };
      b.segs.push(ref);
      lens.push([ref, br.bits(b.lblock + log2(href))]);
    }
    return 0;
  }
  if (b.passes - b.htZ + n > 3) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `HTJ2K code-block with more than one HT set (${b.passes + n} coding passes) is not supported`, { frameIndex });
  }
  let ref = b.segs[1];
  if (!ref) {
    ref = { bytes: 0, passes: 0, start: b.htZ + 1 };
    b.segs.push(ref);
  }
  ref.passes += n;
  lens.push([ref, br.bits(b.lblock + log2(n))]);
  return 0;
}

interface Segment {
  bytes: number;
  passes: number;
  /** Index of the segment's first coding pass. */
  start: number;
}

interface PrecinctBand {
  blocks: Block[];
  cw: number;
  ch: number;
  incl: TagTree;
  zbp: TagTree;
}

interface Resolution {
  precincts: PrecinctBand[][];
  /** Precinct grid size and the precinct start coordinates on the reference grid (B.12.1.3). */
  npx: number;
  npy: number;
  refX: number[];
  refY: number[];
}

/** Segment rules (D.4, D.6): how many passes the codeword segment starting at pass index `i` may hold. */
function segmentCapacity(style: number, i: number): number {
  if (style & 4) return 1; // termination on each pass
  if (style & 1) return i < 10 ? 10 - i : (i - 10) % 3 === 2 ? 1 : 2 - ((i - 10) % 3); // bypass: 10 MQ passes, then 2 raw / 1 MQ
  return 1 << 30;
}

export function buildTilePlan(cs: J2kCodestream, tile: J2kTileData, frameIndex?: number): J2kTilePlan {
  const { siz } = cs;
  const st = tile.state;
  const p = tile.index % cs.numXTiles;
  const q = Math.floor(tile.index / cs.numXTiles);
  const tx0 = Math.max(siz.tx0 + p * siz.tw, siz.x0);
  const ty0 = Math.max(siz.ty0 + q * siz.th, siz.y0);
  const tx1 = Math.min(siz.tx0 + (p + 1) * siz.tw, siz.xsiz);
  const ty1 = Math.min(siz.ty0 + (q + 1) * siz.th, siz.ysiz);
  const comps: J2kComponentPlan[] = [];
  const resolutions: Resolution[][] = [];
  for (let c = 0; c < siz.components.length; c++) {
    const sc = siz.components[c]!;
    const cod = st.styles[c]!;
    const qnt = st.quants[c]!;
    const NL = cod.levels;
    const tcx0 = cdiv(tx0, sc.dx);
    const tcy0 = cdiv(ty0, sc.dy);
    const tcx1 = cdiv(tx1, sc.dx);
    const tcy1 = cdiv(ty1, sc.dy);
    const rects: number[] = [];
    const plan: J2kComponentPlan = {
      width: tcx1 - tcx0,
      height: tcy1 - tcy0,
      levels: NL,
      rects,
      reversible: cod.reversible,
      precision: sc.precision,
      signed: sc.signed,
      blocks: [],
    };
    const resList: Resolution[] = [];
    for (let r = 0; r <= NL; r++) {
      const s = 2 ** (NL - r);
      const rx0 = cdiv(tcx0, s);
      const ry0 = cdiv(tcy0, s);
      const rx1 = cdiv(tcx1, s);
      const ry1 = cdiv(tcy1, s);
      rects.push(rx0, ry0, rx1, ry1);
      const ppx = cod.ppx[r]!;
      const ppy = cod.ppy[r]!;
      const px0 = Math.floor(rx0 / 2 ** ppx);
      const py0 = Math.floor(ry0 / 2 ** ppy);
      const npx = rx1 > rx0 ? Math.ceil(rx1 / 2 ** ppx) - px0 : 0;
      const npy = ry1 > ry0 ? Math.ceil(ry1 / 2 ** ppy) - py0 : 0;
      const res: Resolution = { precincts: [], npx, npy, refX: [], refY: [] };
      // Subbands of this resolution (B.5): r = 0 -> LL; else HL, LH, HH of level NL - r + 1.
      const orients = r === 0 ? [0] : [1, 2, 3];
      const lev = r === 0 ? NL : NL - r + 1;
      const cbx = Math.min(cod.xcb, r === 0 ? ppx : ppx - 1);
      const cby = Math.min(cod.ycb, r === 0 ? ppy : ppy - 1);
      const prevW = r === 0 ? 0 : rects[(r - 1) * 4 + 2]! - rects[(r - 1) * 4]!;
      const prevH = r === 0 ? 0 : rects[(r - 1) * 4 + 3]! - rects[(r - 1) * 4 + 1]!;
      for (let k = 0; k < npx * npy; k++) {
        const kx = px0 + (k % npx);
        const ky = py0 + Math.floor(k / npx);
        res.refX.push(Math.max(tx0, kx * 2 ** ppx * s * sc.dx));
        res.refY.push(Math.max(ty0, ky * 2 ** ppy * s * sc.dy));
        const bands: PrecinctBand[] = [];
        for (const o of orients) {
          const xo = o & 1;
          const yo = o >> 1;
          const ls = 2 ** (lev - 1);
          const bx0 = r === 0 ? rx0 : cdiv(tcx0 - ls * xo, 2 ** lev);
          const by0 = r === 0 ? ry0 : cdiv(tcy0 - ls * yo, 2 ** lev);
          const bx1 = r === 0 ? rx1 : cdiv(tcx1 - ls * xo, 2 ** lev);
          const by1 = r === 0 ? ry1 : cdiv(tcy1 - ls * yo, 2 ** lev);
          // The precinct projected onto the band (B.6): halved for r > 0.
          const pdx = r === 0 ? ppx : ppx - 1;
          const pdy = r === 0 ? ppy : ppy - 1;
          const qx0 = Math.max(bx0, kx * 2 ** pdx);
          const qy0 = Math.max(by0, ky * 2 ** pdy);
          const qx1 = Math.min(bx1, (kx + 1) * 2 ** pdx);
          const qy1 = Math.min(by1, (ky + 1) * 2 ** pdy);
          const blocks: Block[] = [];
          let cw = 0;
          let ch = 0;
          if (qx1 > qx0 && qy1 > qy0) {
            const cx0 = Math.floor(qx0 / 2 ** cbx);
            const cy0 = Math.floor(qy0 / 2 ** cby);
            cw = Math.ceil(qx1 / 2 ** cbx) - cx0;
            ch = Math.ceil(qy1 / 2 ** cby) - cy0;
            const qi = r === 0 ? 0 : 3 * (r - 1) + o;
            const eps = qnt.style === 1 ? qnt.exponents[0]! - NL + lev : (qnt.exponents[qi] ?? -1);
            const mu = qnt.style === 1 ? qnt.mantissas[0]! : (qnt.mantissas[qi] ?? 0);
            if (eps < 0) throw new DicomPixelError("INVALID_DATA", `JPEG 2000 QCD/QCC has no step size for subband ${qi} of component ${c}`, { frameIndex });
            const mb = qnt.guardBits + eps - 1;
            // E.1.1.1: delta_b = 2^(R_b - eps_b) (1 + mu_b / 2^11); the band gain part of R_b is applied by the
            // irreversible IDWT kernel (2/K high-pass scaling), so it is left out here.
            const delta = Math.fround(2 ** (sc.precision - eps) * (1 + mu / 2048));
            for (let j = 0; j < ch; j++) {
              for (let i = 0; i < cw; i++) {
                const x0 = Math.max(qx0, (cx0 + i) * 2 ** cbx);
                const y0 = Math.max(qy0, (cy0 + j) * 2 ** cby);
                const x1 = Math.min(qx1, (cx0 + i + 1) * 2 ** cbx);
                const y1 = Math.min(qy1, (cy0 + j + 1) * 2 ** cby);
                blocks.push({
                  plan: {
                    chunks: [],
                    segments: [],
                    x: x0 - bx0 + (xo ? prevW : 0),
                    y: y0 - by0 + (yo ? prevH : 0),
                    w: x1 - x0,
                    h: y1 - y0,
                    orient: o,
                    numBps: mb,
                    style: cod.style,
                    delta,
                  },
                  included: false,
                  lblock: 3,
                  passes: 0,
                  segs: [],
                });
              }
            }
          }
          bands.push({ blocks, cw, ch, incl: new TagTree(Math.max(cw, 1), Math.max(ch, 1)), zbp: new TagTree(Math.max(cw, 1), Math.max(ch, 1)) });
        }
        res.precincts.push(bands);
      }
      resList.push(res);
    }
    comps.push(plan);
    resolutions.push(resList);
  }
  readPackets(cs, tile, resolutions, frameIndex);
  for (let c = 0; c < comps.length; c++) {
    for (const res of resolutions[c]!) {
      for (const prec of res.precincts) {
        for (const band of prec) {
          for (const b of band.blocks) if (b.passes > 0) comps[c]!.blocks.push(b.plan);
        }
      }
    }
  }
  return { x: tx0 - siz.x0, y: ty0 - siz.y0, components: comps, mct: st.cod.mct && comps.length >= 3 };
}

interface PacketId {
  l: number;
  r: number;
  c: number;
  k: number;
}

/**
 * B.12.1: the packets of the tile in its progression order, generated lazily (a hostile COD may declare
 * 65535 layers; reading stops when the tile data ends, and every packet takes at least one byte).
 */
function* packetOrder(cs: J2kCodestream, tile: J2kTileData, res: Resolution[][]): Generator<PacketId> {
  const L = tile.state.cod.layers;
  const nc = res.length;
  const maxR = Math.max(...res.map((rs) => rs.length));
  const prog = tile.state.cod.progression;
  if (prog === 0 || prog === 1) {
    for (let a = 0; a < (prog === 0 ? L : maxR); a++)
      for (let b = 0; b < (prog === 0 ? maxR : L); b++)
        for (let c = 0; c < nc; c++) {
          const l = prog === 0 ? a : b;
          const r = prog === 0 ? b : a;
          const rs = res[c]![r];
          if (!rs) continue;
          for (let k = 0; k < rs.npx * rs.npy; k++) yield { l, r, c, k };
        }
    return;
  }
  // Position-driven orders: sort precincts by their reference-grid position (B.12.1.3-5).
  interface P {
    r: number;
    c: number;
    k: number;
    x: number;
    y: number;
  }
  const ps: P[] = [];
  for (let c = 0; c < nc; c++) for (let r = 0; r < res[c]!.length; r++) for (let k = 0; k < res[c]![r]!.npx * res[c]![r]!.npy; k++) ps.push({ r, c, k, x: res[c]![r]!.refX[k]!, y: res[c]![r]!.refY[k]! });
  const key = (p: P): number[] => (prog === 2 ? [p.r, p.y, p.x, p.c] : prog === 3 ? [p.y, p.x, p.c, p.r] : [p.c, p.y, p.x, p.r]);
  ps.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  });
  for (const p of ps) for (let l = 0; l < L; l++) yield { l, r: p.r, c: p.c, k: p.k };
  void cs;
}

function concatParts(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function readPackets(cs: J2kCodestream, tile: J2kTileData, res: Resolution[][], frameIndex?: number): void {
  const data = concatParts(tile.parts);
  const { sop, eph } = tile.state.cod;
  let pos = 0;
  for (const id of packetOrder(cs, tile, res)) {
    if (pos >= data.length) break; // B.10: a truncated tile simply has fewer packets
    if (sop && pos + 6 <= data.length && data[pos] === 0xff && data[pos + 1] === 0x91) pos += 6;
    const bands = res[id.c]![id.r]!.precincts[id.k]!;
    const br = new BitReader(data, pos);
    const contrib: [Block, number, [Segment, number][]][] = [];
    try {
      if (br.bit()) {
        for (const band of bands) {
          for (let i = 0; i < band.blocks.length; i++) {
            const b = band.blocks[i]!;
            let inc: boolean;
            if (!b.included) {
              inc = band.incl.decode(br, i, id.l + 1) <= id.l;
            } else inc = br.bit() === 1;
            if (!inc) continue;
            if (!b.included) {
              let z = 0;
              // Zero bit-planes: decode the tag tree value fully (B.10.5).
              for (let t = 1; ; t++) {
                z = band.zbp.decode(br, i, t);
                if (z < t) break;
                if (t > 64) throw new DicomPixelError("INVALID_DATA", "JPEG 2000 zero bit-plane count is out of range", { frameIndex });
              }
              b.plan.numBps -= z;
              b.included = true;
            }
            // B.10.6 number of coding passes.
            let n: number;
            if (!br.bit()) n = 1;
            else if (!br.bit()) n = 2;
            else {
              const v = br.bits(2);
              if (v < 3) n = 3 + v;
              else {
                const v5 = br.bits(5);
                n = v5 < 31 ? 6 + v5 : 37 + br.bits(7);
              }
            }
            // B.10.7.1 Lblock increments.
            while (br.bit()) b.lblock++;
            // B.10.7.2: one length per codeword segment this contribution touches.
            const lens: [Segment, number][] = [];
            let i0 = b.passes;
            let left = b.plan.style & 0x40 ? htLengths(b, n, br, lens, frameIndex) : n;
            while (left > 0) {
              let seg = b.segs[b.segs.length - 1];
              let room = seg ? segmentCapacity(b.plan.style, seg.start) - seg.passes : 0;
              if (!seg || room <= 0) {
                seg = { bytes: 0, passes: 0, start: i0 };
                b.segs.push(seg);
                room = segmentCapacity(b.plan.style, i0);
              }
              const k = Math.min(left, room);
              seg.passes += k;
              lens.push([seg, br.bits(b.lblock + Math.floor(Math.log2(k)))]);
              i0 += k;
              left -= k;
            }
            b.passes += n;
            contrib.push([b, n, lens]);
          }
        }
      }
      pos = br.align();
    } catch (e) {
      if (e instanceof DicomPixelError && e.code === "TRUNCATED") break;
      throw e;
    }
    if (eph && pos + 2 <= data.length && data[pos] === 0xff && data[pos + 1] === 0x92) pos += 2;
    for (const [b, , lens] of contrib) {
      for (const [seg, l] of lens) {
        const chunk = data.subarray(pos, Math.min(data.length, pos + l));
        b.plan.chunks.push(chunk);
        seg.bytes += chunk.length;
        pos += l;
      }
    }
  }
  for (const comp of res) {
    for (const r of comp) {
      for (const prec of r.precincts) {
        for (const band of prec) {
          for (const b of band.blocks) {
            b.plan.segments = [];
            for (const seg of b.segs) b.plan.segments.push(seg.bytes, seg.passes);
            // T.814: the HT cleanup pass is Z / 3 bit-planes below the first (Z placeholder passes).
            if (b.htZ) b.plan.numBps -= b.htZ / 3;
          }
        }
      }
    }
  }
}
