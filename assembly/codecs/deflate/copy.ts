// Match copies of the deflate decoder (RFC 1951 3.2.3): `len` bytes from `distance` bytes back in the output,
// where the source may overlap the bytes being written (distance < len): they then repeat with period
// `distance`, so the copy must behave as if made byte by byte, front to back.

/**
 * copyMatch for the fast loop, where 16 bytes past `out + len` are writable: whole 16- or 8-byte chunks
 * (each reading only bytes written before it) whenever the distance allows.
 */
@inline export function copyMatchFast(out: usize, distance: usize, len: usize): void {
  const from = out - distance;
  if (distance >= 16) {
    let i: usize = 0;
    do {
      v128.store(out + i, v128.load(from + i));
      i += 16;
    } while (i < len);
  } else if (distance >= 8) {
    let i: usize = 0;
    do {
      store<u64>(out + i, load<u64>(from + i));
      i += 8;
    } while (i < len);
  } else if (distance == 1) {
    memory.fill(out, load<u8>(from), len);
  } else {
    copyOverlapping(out, from, distance, len);
  }
}

/** The pattern [from, out) repeats: copies it in chunks that double in size, never overlapping. */
@inline function copyOverlapping(out: usize, from: usize, distance: usize, len: usize): void {
  let done: usize = 0;
  let chunk = distance;
  while (done < len) {
    const k = chunk < len - done ? chunk : len - done;
    memory.copy(out + done, from, k);
    done += k;
    chunk = done + distance;
  }
}

/**
 * Copies `len` bytes from `distance` bytes back (3.2.3: the source may overlap the bytes being written,
 * which then repeat with period `distance`). `out + len <= dstEnd`.
 */
@inline export function copyMatch(out: usize, distance: usize, len: usize, dstEnd: usize): void {
  const from = out - distance;
  if (distance >= 16 && dstEnd - out >= ((len + 15) & ~15)) {
    // 16 bytes at a time: each load reads only bytes written before it (distance >= 16); the last store
    // may run past `len` into bytes later output overwrites (bounded by dstEnd).
    let i: usize = 0;
    do {
      v128.store(out + i, v128.load(from + i));
      i += 16;
    } while (i < len);
  } else if (distance >= len) {
    memory.copy(out, from, len);
  } else if (distance == 1) {
    memory.fill(out, load<u8>(from), len);
  } else {
    copyOverlapping(out, from, distance, len);
  }
}
