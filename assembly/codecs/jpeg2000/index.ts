// Kernel exports of this area are re-exported from here (assembly/index.ts re-exports this file).
export const codecs_jpeg2000_index_placeholder: i32 = 0;
