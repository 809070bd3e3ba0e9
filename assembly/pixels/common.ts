// Argument checks shared by the native pixel kernels (assembly/pixels). Every kernel validates its
// lengths against linear memory once, before its hot loop, so hostile sizes return a status instead of
// trapping (../../STYLE.md lesson 8).

/** True when [ptr, ptr + len) lies inside linear memory and len >= 0. */
@inline export function inMemory(ptr: usize, len: i32): bool {
  if (len < 0) return false;
  const end = <u64>ptr + <u64>len;
  return end <= (<u64>memory.size() << 16);
}
