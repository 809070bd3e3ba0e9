/**
 * A forward cursor over a ByteSource with a small read-ahead window: the reader parses element headers
 * synchronously from the window and asks for more only when it runs out. Large values are read straight
 * from the source. Nothing is ever allocated by a declared length beyond what the source holds.
 */
import { DicomPixelError } from "../errors.js";
import type { ByteSource } from "../io/source.js";

/** The largest element value loaded from a source of unknown size (256 MiB); see Cursor.take. */
export const MAX_STREAMED_VALUE_BYTES = 256 * 1024 * 1024;

/** Read-ahead window for headers (small, so that a header-only read touches few bytes). */
const WINDOW = 4096;

export class Cursor {
  /** Absolute offset of the next byte to parse. */
  pos: number;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  private view: DataView = new DataView(this.buf.buffer);
  private eof = false;

  constructor(
    readonly source: ByteSource,
    pos: number,
    public littleEndian = true,
  ) {
    this.pos = pos;
  }

  /** Bytes known to remain after `pos` (undefined for a stream of unknown size). */
  remaining(): number | undefined {
    const size = this.source.size;
    return size === undefined ? undefined : Math.max(0, size - this.pos);
  }

  /** Makes bytes [pos, pos+n) available; false when the source ends first. */
  async need(n: number): Promise<boolean> {
    const have = this.bufStart + this.buf.length - this.pos;
    if (this.pos >= this.bufStart && have >= n) return true;
    if (this.eof && this.pos >= this.bufStart && this.pos <= this.bufStart + this.buf.length && have < n) return false;
    const want = Math.max(n, WINDOW);
    const data = await this.source.read(this.pos, want);
    this.buf = data;
    this.bufStart = this.pos;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.eof = data.length < want;
    return data.length >= n;
  }

  /** True when no byte is left (after trying to read one). */
  async atEnd(): Promise<boolean> {
    return !(await this.need(1));
  }

  /** Byte at pos + i (must be available). */
  u8(i = 0): number {
    return this.buf[this.pos - this.bufStart + i]!;
  }

  u16(i = 0, le = this.littleEndian): number {
    return this.view.getUint16(this.pos - this.bufStart + i, le);
  }

  u32(i = 0, le = this.littleEndian): number {
    return this.view.getUint32(this.pos - this.bufStart + i, le);
  }

  /** A tag (group << 16 | element) at pos + i. */
  tag(i = 0, le = this.littleEndian): number {
    return ((this.u16(i, le) << 16) | this.u16(i + 2, le)) >>> 0;
  }

  /** Two ASCII characters at pos + i. */
  chars2(i = 0): string {
    return String.fromCharCode(this.u8(i), this.u8(i + 1));
  }

  /**
   * Reads `n` bytes at pos into a new array and advances.
   * @throws {DicomPixelError} SIZE_LIMIT when the source's size is unknown and `n` exceeds MAX_STREAMED_VALUE_BYTES
   * @throws {DicomPixelError} INVALID_LENGTH when `n` passes the end of a sized source, TRUNCATED when the
   * source ends early
   */
  async take(n: number, label: string | (() => string)): Promise<Uint8Array> {
    const what = () => (typeof label === "string" ? label : label());
    const rem = this.remaining();
    if (rem !== undefined && n > rem) {
      throw new DicomPixelError("INVALID_LENGTH", `${what()}: length ${n} at byte ${this.pos} passes the end of the data (${rem} bytes left)`, {
        byteOffset: this.pos,
      });
    }
    // A source of unknown size (a one-pass stream, an inflating Deflated data set) cannot vouch for a declared
    // length: a few KiB of deflate can claim gigabytes. Values loaded whole (everything but Pixel Data, which is
    // located and read frame by frame) are therefore capped.
    if (rem === undefined && n > MAX_STREAMED_VALUE_BYTES) {
      throw new DicomPixelError(
        "SIZE_LIMIT",
        `${what()}: length ${n} at byte ${this.pos} exceeds ${MAX_STREAMED_VALUE_BYTES} bytes, the most a value read from a stream of unknown size may hold`,
        { byteOffset: this.pos },
      );
    }
    const inBuf = this.bufStart + this.buf.length - this.pos;
    let out: Uint8Array;
    if (this.pos >= this.bufStart && inBuf >= n) {
      const at = this.pos - this.bufStart;
      out = this.buf.slice(at, at + n);
    } else {
      // Large value: read it directly (a sized source was checked above; a stream returns what it has).
      out = await this.source.read(this.pos, n);
      if (out.length < n) {
        throw new DicomPixelError("TRUNCATED", `${what()}: the data ends after ${out.length} of ${n} bytes at byte ${this.pos}`, {
          byteOffset: this.pos,
        });
      }
      if (out.buffer.byteLength !== out.length || out.byteOffset !== 0) out = out.slice();
    }
    this.pos += n;
    return out;
  }

  /** Advances by n without reading (the value stays in the source). */
  skip(n: number): void {
    this.pos += n;
  }
}
