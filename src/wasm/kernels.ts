/**
 * The typed view of the kernel module's exports: one interface per area, each declared (with its wrappers)
 * in src/wasm/kernels/<area>.ts. Code outside src/wasm/ never touches the raw exports; it calls the
 * wrappers, which copy in, call, check the status and copy out.
 */
import type { CoreExports } from "./kernels/core.js";
import type { NativeExports } from "./kernels/native.js";
import type { ColorExports } from "./kernels/color.js";
import type { RleExports } from "./kernels/rle.js";
import type { JpegLosslessExports } from "./kernels/jpeg-lossless.js";
import type { JpegExports } from "./kernels/jpeg.js";
import type { ImagingExports } from "./kernels/imaging.js";
import type { JpegLsExports } from "./kernels/jpeg-ls.js";
import type { Jpeg2000Exports } from "./kernels/jpeg2000.js";
import type { DeflateExports } from "./kernels/deflate.js";

export type KernelExports = CoreExports &
  NativeExports &
  ColorExports &
  RleExports &
  JpegLosslessExports &
  JpegExports &
  ImagingExports &
  JpegLsExports &
  Jpeg2000Exports &
  DeflateExports;
