/** The codecs dicompix ships, registered by src/registry.ts. Add one line per codec adapter. */
import type { FrameCodec } from "./codec.js";
import { rleCodec } from "./rle.js";
import { nativeCodec } from "./native.js";
import { jpegCodec } from "./jpeg.js";
import { jpegLosslessCodec } from "./jpeg-lossless.js";
import { jpegLsCodec } from "./jpeg-ls.js";
import { jpeg2000Codec, htj2kCodec } from "./jpeg2000.js";
import { deflateFramesCodec } from "./deflate-frames.js";

export const BUILTIN_CODECS: FrameCodec[] = [nativeCodec, rleCodec, jpegCodec, jpegLosslessCodec, jpegLsCodec, jpeg2000Codec, htj2kCodec, deflateFramesCodec];
