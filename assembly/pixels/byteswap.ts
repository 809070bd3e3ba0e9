// Byte order reversal for Explicit VR Big Endian data (PS3.5 Annex A.3: values of VR OW, OL, OF, OD are
// stored most significant byte first). One kernel per word size; v128 byte shuffles, scalar tail.
//
//   swap16:  A B | C D        -> B A | D C
//   swap32:  A B C D          -> D C B A
//   swap64:  A B C D E F G H  -> H G F E D C B A
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen) -> bytes written or -status. src == dst (in place) is allowed.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { bswap16, bswap32 } from "../common/bytes";
import { inMemory } from "./common";

@inline function checkArgs(src: usize, srcLen: i32, dst: usize, dstLen: i32, word: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (srcLen % word != 0) return -INVALID_ARGUMENT;
  if (dstLen < srcLen) return -DESTINATION_TOO_SMALL;
  return 0;
}

export function native_swap16(src: usize, srcLen: i32, dst: usize, dstLen: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 2);
  if (st < 0) return st;
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    v128.store(dst + i, i8x16.shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
  }
  for (; i < n; i += 2) store<u16>(dst + i, <u16>bswap16(<u32>load<u16>(src + i)));
  return srcLen;
}

export function native_swap32(src: usize, srcLen: i32, dst: usize, dstLen: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 4);
  if (st < 0) return st;
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    v128.store(dst + i, i8x16.shuffle(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
  }
  for (; i < n; i += 4) store<u32>(dst + i, bswap32(load<u32>(src + i)));
  return srcLen;
}

export function native_swap64(src: usize, srcLen: i32, dst: usize, dstLen: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 8);
  if (st < 0) return st;
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    v128.store(dst + i, i8x16.shuffle(v, v, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
  }
  for (; i < n; i += 8) {
    const lo = load<u32>(src + i);
    const hi = load<u32>(src + i + 4);
    store<u32>(dst + i, bswap32(hi));
    store<u32>(dst + i + 4, bswap32(lo));
  }
  return srcLen;
}
