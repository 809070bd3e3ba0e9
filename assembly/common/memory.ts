// Linear-memory facts the TS arena needs. The runtime is "stub" and no kernel allocates: TS owns every byte
// from heap_base() upwards and grows memory itself (src/wasm/memory.ts).

/** First byte after the static data (scratch tables live below it). */
export function heap_base(): usize {
  return __heap_base;
}

/** A tiny kernel the browser smoke test and the boundary benchmark use: XOR every byte with `key`.
 *  Returns the number of bytes written (len). */
export function xor_bytes(src: usize, dst: usize, len: i32, key: i32): i32 {
  if (len < 0) return -100;
  const k = <u8>key;
  for (let i: i32 = 0; i < len; i++) store<u8>(dst + i, load<u8>(src + i) ^ k);
  return len;
}
