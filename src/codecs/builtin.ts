/** The codecs dicompix ships, registered by src/registry.ts. Add one line per codec adapter. */
import type { FrameCodec } from "./codec.js";

export const BUILTIN_CODECS: FrameCodec[] = [];
