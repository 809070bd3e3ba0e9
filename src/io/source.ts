/**
 * ByteSource: the one small abstraction every reader path goes through. A source answers positional reads
 * `read(offset, length)` and says how big it is; it counts the bytes it delivered so that tests can show a
 * header-only read touched only the header.
 *
 * Implementations: in-memory bytes, a Node file (path or FileHandle; positional reads, never the whole
 * file), a Blob/File (slices), and a one-pass ReadableStream (sequential; data below the last
 * {@link ByteSource.release} mark is dropped, so reading backwards past it is an error).
 */
import { DicomPixelError } from "../errors.js";

export interface ByteSource {
  /** Total size in bytes; undefined for a stream whose end has not been reached yet. */
  readonly size: number | undefined;
  /** Bytes delivered by `read` so far (what a test counts). */
  readonly bytesRead: number;
  /** True when only forward reads are possible (streams). */
  readonly sequential: boolean;
  /**
   * Reads up to `length` bytes at `offset`. The result is shorter only at the end of the source. The
   * returned array may share memory with the source (in-memory sources): do not modify it.
   * @throws {DicomPixelError} INVALID_ARGUMENT when a sequential source is asked for released data
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Sequential sources may drop data before `offset` (a hint; random-access sources ignore it). */
  release(offset: number): void;
  /** Releases the file handle or stream reader the source opened. */
  close(): Promise<void>;
}

/** Anything openDicom accepts as input. */
export type SourceInput =
  | Uint8Array
  | ArrayBuffer
  | string
  | URL
  | Blob
  | ReadableStream<Uint8Array>
  | NodeFileHandleLike
  | ByteSource;

/** The part of node:fs/promises FileHandle a source needs. */
export interface NodeFileHandleLike {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`ByteSource.read: invalid range offset ${offset}, length ${length}`);
  }
}

/** A source over bytes in memory. Reads return subarrays (no copy). */
export class BufferSource implements ByteSource {
  readonly sequential = false;
  bytesRead = 0;
  private readonly bytes: Uint8Array;

  constructor(data: Uint8Array | ArrayBuffer) {
    this.bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  }

  get size(): number {
    return this.bytes.length;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.readSync(offset, length);
  }

  /** The synchronous read in-memory sources allow. */
  readSync(offset: number, length: number): Uint8Array {
    checkRange(offset, length);
    const out = this.bytes.subarray(Math.min(offset, this.bytes.length), Math.min(offset + length, this.bytes.length));
    this.bytesRead += out.length;
    return out;
  }

  release(): void {}

  async close(): Promise<void> {}
}

/** A source over a Node file handle: positional reads only. */
export class FileHandleSource implements ByteSource {
  readonly sequential = false;
  bytesRead = 0;
  /** Number of read calls made on the handle. */
  reads = 0;

  constructor(
    private readonly handle: NodeFileHandleLike,
    readonly size: number,
    private readonly owned: boolean,
  ) {}

  /** Opens a file by path (Node only). */
  static async open(path: string | URL): Promise<FileHandleSource> {
    const fs = await import("node:fs/promises");
    const handle = await fs.open(path, "r");
    try {
      const { size } = await handle.stat();
      return new FileHandleSource(handle, size, true);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Wraps a handle the caller owns (not closed by `close`). */
  static async fromHandle(handle: NodeFileHandleLike): Promise<FileHandleSource> {
    const { size } = await handle.stat();
    return new FileHandleSource(handle, size, false);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    const n = Math.max(0, Math.min(length, this.size - offset));
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      this.reads++;
      const { bytesRead } = await this.handle.read(out, done, n - done, offset + done);
      if (bytesRead === 0) break; // the file shrank under us
      done += bytesRead;
    }
    this.bytesRead += done;
    return done === n ? out : out.subarray(0, done);
  }

  release(): void {}

  async close(): Promise<void> {
    if (this.owned) await this.handle.close();
  }
}

/** A source over a Blob or File (browser or Node): each read slices and reads only that range. */
export class BlobSource implements ByteSource {
  readonly sequential = false;
  bytesRead = 0;

  constructor(private readonly blob: Blob) {}

  get size(): number {
    return this.blob.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    const out = new Uint8Array(await this.blob.slice(offset, Math.min(offset + length, this.blob.size)).arrayBuffer());
    this.bytesRead += out.length;
    return out;
  }

  release(): void {}

  async close(): Promise<void> {}
}

/**
 * A one-pass source over a ReadableStream. Data is buffered from the lowest offset not yet released; reads
 * may go forward freely. `base` is the offset the stream's first byte has (used for inflated data sets,
 * which continue the file's offsets after the File Meta).
 */
export class StreamSource implements ByteSource {
  readonly sequential = true;
  bytesRead = 0;
  private chunks: Uint8Array[] = [];
  /** Offset of chunks[0][0]. */
  private start: number;
  /** Offset just past the buffered data. */
  private end: number;
  private ended = false;
  /** Data before this offset may be dropped (see release). */
  private floor = 0;
  private peak = 0;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  /**
   * @param base offset of the stream's first byte
   * @param mapError turns a stream failure (e.g. an inflate error) into the error to throw
   */
  constructor(
    stream: ReadableStream<Uint8Array>,
    base = 0,
    private readonly mapError: (e: unknown, offset: number) => unknown = (e) => e,
  ) {
    this.reader = stream.getReader();
    this.start = base;
    this.end = base;
  }

  get size(): number | undefined {
    return this.ended ? this.end : undefined;
  }

  /** Bytes held in memory right now (chunks not yet dropped by {@link StreamSource.release}). */
  get buffered(): number {
    return this.end - this.start;
  }

  /**
   * The most bytes held at once since the source was created (or {@link StreamSource.resetPeak}): measured
   * after each chunk arrives and before released chunks are dropped, so it includes the chunk being read.
   */
  get peakBuffered(): number {
    return this.peak;
  }

  /** Starts a new peak measurement from what is buffered now. */
  resetPeak(): void {
    this.peak = this.end - this.start;
  }

  private async fill(until: number): Promise<void> {
    while (!this.ended && this.end < until) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await this.reader.read();
      } catch (e) {
        throw this.mapError(e, this.end);
      }
      const { done, value } = chunk;
      if (done) {
        this.ended = true;
        break;
      }
      if (value.length === 0) continue;
      this.chunks.push(value);
      this.end += value.length;
      if (this.end - this.start > this.peak) this.peak = this.end - this.start;
      this.prune();
    }
  }

  /** Drops whole chunks that end at or before the released mark. */
  private prune(): void {
    while (this.chunks.length > 0 && this.start + this.chunks[0]!.length <= this.floor) {
      this.start += this.chunks.shift()!.length;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    if (offset < this.start) {
      throw new DicomPixelError(
        "INVALID_ARGUMENT",
        `a stream source cannot read back to byte ${offset}: data before byte ${this.start} was already released`,
        { byteOffset: offset },
      );
    }
    await this.fill(offset + length);
    const from = Math.min(offset, this.end);
    const to = Math.min(offset + length, this.end);
    const out = new Uint8Array(to - from);
    let pos = this.start;
    let written = 0;
    for (const c of this.chunks) {
      const cEnd = pos + c.length;
      if (cEnd > from && pos < to) {
        const a = Math.max(from, pos) - pos;
        const b = Math.min(to, cEnd) - pos;
        out.set(c.subarray(a, b), written);
        written += b - a;
      }
      pos = cEnd;
      if (pos >= to) break;
    }
    this.bytesRead += out.length;
    return out;
  }

  release(offset: number): void {
    this.floor = Math.max(this.floor, offset);
    this.prune();
  }

  async close(): Promise<void> {
    this.chunks = [];
    await this.reader.cancel().catch(() => undefined);
  }
}

function isByteSource(x: unknown): x is ByteSource {
  return typeof x === "object" && x !== null && typeof (x as ByteSource).read === "function" && "bytesRead" in x && "release" in x;
}

function isFileHandle(x: unknown): x is NodeFileHandleLike {
  return typeof x === "object" && x !== null && typeof (x as NodeFileHandleLike).stat === "function" && typeof (x as NodeFileHandleLike).read === "function";
}

/**
 * Wraps any supported input in a ByteSource. Paths and URLs are opened (Node) and closed by `close()`;
 * handles passed in stay owned by the caller.
 * @throws {TypeError} for an unsupported input
 */
export async function toByteSource(input: SourceInput): Promise<ByteSource> {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return new BufferSource(input);
  if (typeof input === "string" || input instanceof URL) return FileHandleSource.open(input);
  if (typeof Blob !== "undefined" && input instanceof Blob) return new BlobSource(input);
  if (typeof ReadableStream !== "undefined" && input instanceof ReadableStream) return new StreamSource(input);
  if (isByteSource(input)) return input;
  if (isFileHandle(input)) return FileHandleSource.fromHandle(input);
  throw new TypeError("toByteSource: expected bytes, a path, a Blob, a ReadableStream, a file handle or a ByteSource");
}
