/**
 * Byte sinks the Part 10 writer streams into: a Node file (path or FileHandle, seekable, so offset tables can
 * be written back), a Web `WritableStream`, a Node `Writable`, or memory (chunks, seekable).
 *
 * Contract: `write(chunk)` has consumed (copied or flushed) the chunk when its promise resolves, so callers may
 * reuse their buffers; `writeAt` (seekable sinks only) overwrites bytes already written.
 */
import type { FileHandle } from "node:fs/promises";

export interface ByteSink {
  /** Appends bytes. The chunk may be reused by the caller once the promise resolves. */
  write(chunk: Uint8Array): Promise<void>;
  /** Overwrites bytes at an absolute position already written (seekable sinks only). */
  writeAt?(position: number, bytes: Uint8Array): Promise<void>;
  /** Flushes and releases the destination. */
  close(): Promise<void>;
}

/** Anything the writer accepts as a destination. */
export type Destination = string | FileHandle | WritableStream<Uint8Array> | NodeJS.WritableStream | ByteSink;

/** In-memory sink: collects the bytes; seekable. */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  async write(chunk: Uint8Array): Promise<void> {
    this.chunks.push(chunk.slice());
    this.length += chunk.length;
  }

  async writeAt(position: number, bytes: Uint8Array): Promise<void> {
    if (position < 0 || position + bytes.length > this.length) throw new RangeError("writeAt outside the bytes written");
    let start = 0;
    let done = 0;
    for (const c of this.chunks) {
      const end = start + c.length;
      const from = position + done;
      if (from < end && done < bytes.length) {
        const n = Math.min(end - from, bytes.length - done);
        c.set(bytes.subarray(done, done + n), from - start);
        done += n;
      }
      start = end;
      if (done === bytes.length) break;
    }
  }

  async close(): Promise<void> {}

  /** Everything written, as one array. */
  toUint8Array(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** The chunks written (copies of the writer's buffers). */
  get byteLength(): number {
    return this.length;
  }
}

/** Positional writes to a Node FileHandle; seekable. Closes the handle only when `ownsHandle`. */
class FileHandleSink implements ByteSink {
  private position = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly ownsHandle: boolean,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    await writeFully(this.handle, chunk, this.position);
    this.position += chunk.length;
  }

  async writeAt(position: number, bytes: Uint8Array): Promise<void> {
    await writeFully(this.handle, bytes, position);
  }

  async close(): Promise<void> {
    if (this.ownsHandle) await this.handle.close();
  }
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new Error("file write made no progress");
    done += bytesWritten;
  }
}

/** A Web WritableStream; not seekable. */
class WebStreamSink implements ByteSink {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;

  constructor(stream: WritableStream<Uint8Array>) {
    this.writer = stream.getWriter();
  }

  async write(chunk: Uint8Array): Promise<void> {
    // The stream may keep the chunk queued after write() resolves; hand it a copy it owns.
    await this.writer.write(chunk.slice());
  }

  async close(): Promise<void> {
    await this.writer.close();
  }
}

/** A Node Writable (process.stdout, a socket...); waits for each chunk's callback; not seekable. */
class NodeStreamSink implements ByteSink {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  write(chunk: Uint8Array): Promise<void> {
    const copy = chunk.slice();
    return new Promise((resolve, reject) => {
      this.stream.write(copy, (err?: Error | null) => (err ? reject(err) : resolve()));
    });
  }

  close(): Promise<void> {
    const s = this.stream as NodeJS.WritableStream & { writableFinished?: boolean };
    if (s === (process.stdout as NodeJS.WritableStream) || s === (process.stderr as NodeJS.WritableStream)) return Promise.resolve();
    return new Promise((resolve) => s.end(() => resolve()));
  }
}

function isByteSink(d: unknown): d is ByteSink {
  return typeof d === "object" && d !== null && typeof (d as ByteSink).write === "function" && typeof (d as ByteSink).close === "function" && !("getWriter" in d) && !("pipe" in d) && !("fd" in d);
}

/**
 * Opens a destination as a sink. A path is created/truncated and closed by the sink; a FileHandle is written
 * from position 0 and left open.
 */
export async function openSink(destination: Destination): Promise<ByteSink> {
  if (typeof destination === "string") {
    const { open } = await import("node:fs/promises");
    return new FileHandleSink(await open(destination, "w"), true);
  }
  if (typeof (destination as WritableStream).getWriter === "function") return new WebStreamSink(destination as WritableStream<Uint8Array>);
  if (typeof destination === "object" && destination !== null && "fd" in destination && typeof (destination as FileHandle).write === "function" && typeof (destination as FileHandle).stat === "function") {
    return new FileHandleSink(destination as FileHandle, false);
  }
  if (isByteSink(destination)) return destination;
  return new NodeStreamSink(destination as NodeJS.WritableStream);
}

/**
 * Coalesces small writes into one buffer and counts the position. Large chunks bypass the buffer. `writeAt`
 * patches the buffer when the region is still there.
 */
export class BufferedSink {
  private readonly buffer: Uint8Array;
  private used = 0;
  /** Absolute position of buffer[0]. */
  private flushedBytes = 0;

  constructor(
    readonly inner: ByteSink,
    capacity = 1 << 20,
  ) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Bytes written so far (buffered included). */
  get position(): number {
    return this.flushedBytes + this.used;
  }

  get seekable(): boolean {
    return typeof this.inner.writeAt === "function";
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length >= this.buffer.length >>> 2) {
      await this.flush();
      await this.inner.write(chunk);
      this.flushedBytes += chunk.length;
      return;
    }
    if (this.used + chunk.length > this.buffer.length) await this.flush();
    this.buffer.set(chunk, this.used);
    this.used += chunk.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.inner.write(this.buffer.subarray(0, this.used));
    this.flushedBytes += this.used;
    this.used = 0;
  }

  async writeAt(position: number, bytes: Uint8Array): Promise<void> {
    if (position >= this.flushedBytes && position + bytes.length <= this.position) {
      this.buffer.set(bytes, position - this.flushedBytes);
      return;
    }
    await this.flush();
    if (!this.inner.writeAt) throw new TypeError("the destination is not seekable");
    await this.inner.writeAt(position, bytes);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.inner.close();
  }
}
