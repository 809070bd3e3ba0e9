/** Exports of assembly/codecs/jpeg2000 (typed here; src/wasm/ is the only code that touches the raw exports). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Jpeg2000Exports {}
