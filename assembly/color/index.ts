// Kernel exports of the colour area (assembly/index.ts re-exports this file): YCbCr <-> RGB, chroma
// sub-sampling, JPEG 2000 component transforms, Palette Color lookup.
export * from "./ybr";
export * from "./sampling";
export * from "./ybr422";
export * from "./j2k";
export * from "./palette";
export * from "./verify";
