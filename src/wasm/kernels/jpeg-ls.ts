/** Exports of assembly/codecs/jpeg-ls (typed here; src/wasm/ is the only code that touches the raw exports). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface JpegLsExports {}
