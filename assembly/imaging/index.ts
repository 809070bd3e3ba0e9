// Kernel exports of this area are re-exported from here (assembly/index.ts re-exports this file).
export { imaging_rescale } from "./rescale";
export { imaging_window } from "./window";
export { imaging_lut } from "./lut";
export { imaging_min_max } from "./stats";
