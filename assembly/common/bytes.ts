// Shared byte helpers for kernels. Kernels receive raw pointers into linear memory that the TS arena
// (src/wasm/memory.ts) has allocated and bounds-checked; they never allocate.

/** Byte-swap a 16-bit value. */
@inline export function bswap16(v: u32): u32 {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

/** Byte-swap a 32-bit value. */
@inline export function bswap32(v: u32): u32 {
  return (v << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | (v >> 24);
}

/** Little-endian 16-bit load at an arbitrary byte address. */
@inline export function loadU16le(p: usize): u32 {
  return <u32>load<u16>(p);
}

/** Big-endian 16-bit load (JPEG marker segments are big endian, T.81 B.1.1.4). */
@inline export function loadU16be(p: usize): u32 {
  return (<u32>load<u8>(p) << 8) | <u32>load<u8>(p + 1);
}

/** Little-endian 32-bit load. */
@inline export function loadU32le(p: usize): u32 {
  return load<u32>(p);
}
