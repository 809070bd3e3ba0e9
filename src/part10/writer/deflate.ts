/**
 * Deflated Explicit VR Little Endian (PS3.5 A.5): everything after the File Meta group is compressed with
 * the Deflate algorithm of RFC 1951 without a zlib header ("deflate-raw"). Uses the Compression Streams API
 * (Node >= 18, browsers), so the same code streams in both.
 */
import type { ByteSink } from "./sink.js";

/** A sink that raw-deflates what it receives into `inner`; not seekable. */
export class DeflateSink implements ByteSink {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly pump: Promise<void>;
  private failure: unknown;

  constructor(private readonly inner: ByteSink) {
    const cs = new CompressionStream("deflate-raw");
    this.writer = cs.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
    const reader = (cs.readable as ReadableStream<Uint8Array>).getReader();
    this.pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        await inner.write(value);
      }
    })().catch((e: unknown) => {
      this.failure = e;
      throw e;
    });
    // Surfaced through write/close; avoid an unhandled rejection in between.
    this.pump.catch(() => undefined);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    await this.writer.ready;
    await this.writer.write(chunk.slice());
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.pump;
    await this.inner.close();
  }
}
