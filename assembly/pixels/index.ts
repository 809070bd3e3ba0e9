// Kernel exports of this area are re-exported from here (assembly/index.ts re-exports this file).
export * from "./mask";
export * from "./byteswap";
export * from "./bits";
export * from "./planar";
export * from "./ybr422";
export * from "./encode";
