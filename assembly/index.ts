// The single asc entry: re-exports every area's kernels; no logic here.
// ABI (../shared/STYLE.md): exports are named <area>_<op>, take (srcPtr, srcLen, dstPtr, dstLen, ...scalars)
// and return i32: >= 0 success (bytes written), < 0 the negated status code of common/status.ts.
export * from "./common/memory";
export * from "./pixels/index";
export * from "./color/index";
export * from "./codecs/rle/index";
export * from "./codecs/jpeg-lossless/index";
export * from "./codecs/jpeg/index";
export * from "./codecs/jpeg-ls/index";
export * from "./codecs/jpeg2000/index";
export * from "./codecs/deflate/index";
export * from "./imaging/index";
