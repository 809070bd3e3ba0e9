/**
 * Deflated Explicit VR Little Endian (PS3.5 A.5): everything after the File Meta is one raw deflate stream
 * (RFC 1951), padded with one NUL byte when its length is odd. Inflated as a stream with the platform's
 * DecompressionStream (Node >= 18 and browsers), never as a whole.
 *
 * Browsers' DecompressionStream rejects bytes after the end of the deflate stream ("junk") and drops what it
 * had queued, so a padded stream fails at its very end. The source below then inflates again up to the first
 * refused byte (located by feeding the input's tail byte by byte), skipping what was already delivered.
 */
import { DicomPixelError } from "../errors.js";
import { StreamSource, type ByteSource } from "../io/source.js";

/** The last bytes of the input are fed one at a time, so that the first byte after the deflate stream is known. */
const TAIL = 1024;

/** The inflated data set as a one-pass source whose offsets continue the file's (the stream starts at `offset`). */
class InflatedSource implements ByteSource {
  readonly sequential = true;
  private inner: StreamSource;
  private retries = 0;

  /** Peak inflated bytes held at once (the inner stream's buffer; see StreamSource.peakBuffered). */
  get peakBuffered(): number {
    return this.inner.peakBuffered;
  }
  private released: number;

  constructor(
    private readonly source: ByteSource,
    private readonly offset: number,
    private readonly format: "deflate" | "deflate-raw",
  ) {
    this.released = offset;
    const size = source.size;
    this.inner = this.build(size ?? Number.MAX_SAFE_INTEGER, size === undefined ? Number.MAX_SAFE_INTEGER : size - TAIL);
  }

  /** Offset of the first input byte the decompressor refused (bytes after the end of the deflate stream). */
  private junkAt: number | undefined;
  /** Start of a multi-byte input chunk the decompressor refused (the stream's end lies inside it). */
  private junkChunkAt: number | undefined;
  /** The feeding loop of the current decompressor (settles after the error that stopped it is recorded). */
  private pumping: Promise<void> = Promise.resolve();

  /**
   * A decompressor fed from `source` [offset, end); input bytes from `byteWiseFrom` on are written one at a
   * time, so that a refused byte is located exactly.
   */
  private build(end: number, byteWiseFrom: number): StreamSource {
    const ds = new DecompressionStream(this.format) as unknown as TransformStream<Uint8Array, Uint8Array>;
    const writer = ds.writable.getWriter();
    this.junkAt = undefined;
    this.junkChunkAt = undefined;
    const pump = async () => {
      let pos = this.offset;
      try {
        while (pos < end) {
          const byteWise = pos >= byteWiseFrom;
          const chunk = await this.source.read(pos, byteWise ? 1 : Math.min(65536, end - pos, byteWiseFrom - pos));
          if (chunk.length === 0) break;
          try {
            await writer.write(chunk.slice());
          } catch {
            if (chunk.length === 1) this.junkAt = pos;
            else this.junkChunkAt = pos;
            return; // the readable side reports the error
          }
          pos += chunk.length;
        }
        await writer.close();
      } catch {
        /* reported through the readable side */
      }
    };
    this.pumping = pump();
    const inner = new StreamSource(ds.readable, this.offset, (e) => e);
    inner.release(this.released);
    return inner;
  }

  get size(): number | undefined {
    return this.inner.size;
  }

  get bytesRead(): number {
    return this.inner.bytesRead;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    try {
      return await this.inner.read(offset, length);
    } catch (e) {
      if (e instanceof DicomPixelError) throw e;
      await this.pumping;
      if (this.retries < 2 && (this.junkAt !== undefined || this.junkChunkAt !== undefined)) {
        // Bytes after the deflate stream (A.5's pad byte, or more): inflate again up to where they start
        // (first locating them byte by byte when they came inside a larger chunk, e.g. from a stream).
        this.retries++;
        const junkAt = this.junkAt;
        const chunkAt = this.junkChunkAt;
        await this.inner.close().catch(() => undefined);
        this.inner = junkAt !== undefined ? this.build(junkAt, Number.MAX_SAFE_INTEGER) : this.build(Number.MAX_SAFE_INTEGER, chunkAt!);
        return this.read(offset, length);
      }
      throw new DicomPixelError("INVALID_DATA", `the deflated data set (PS3.5 A.5) cannot be inflated (reading inflated byte ${offset}): ${(e as Error)?.message ?? String(e)}`, {
        byteOffset: offset,
        cause: e,
      });
    }
  }

  release(offset: number): void {
    this.released = Math.max(this.released, offset);
    this.inner.release(offset);
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

/**
 * An inflating source over the data set that starts at `offset`. A zlib wrapper (RFC 1950), which a few
 * writers emit despite A.5, is recognised by its header checksum.
 */
export async function inflatedSource(source: ByteSource, offset: number): Promise<ByteSource> {
  const head = await source.read(offset, 2);
  const zlib = head.length === 2 && (head[0]! & 0x0f) === 8 && ((head[0]! << 8) | head[1]!) % 31 === 0;
  return new InflatedSource(source, offset, zlib ? "deflate" : "deflate-raw");
}
