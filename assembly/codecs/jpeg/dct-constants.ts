// Constants of the IJG "islow" integer DCT (ITU-T T.81 A.3.3 via the Loeffler-Ligtenberg-Moschytz
// factorisation), shared by the forward (fdct.ts) and inverse (idct.ts) transforms: the rotation constants
// scaled by 2^CONST_BITS and rounded.

export const CONST_BITS: i32 = 13;
export const F0_298631336: i32 = 2446;
export const F0_390180644: i32 = 3196;
export const F0_541196100: i32 = 4433;
export const F0_765366865: i32 = 6270;
export const F0_899976223: i32 = 7373;
export const F1_175875602: i32 = 9633;
export const F1_501321110: i32 = 12299;
export const F1_847759065: i32 = 15137;
export const F1_961570560: i32 = 16069;
export const F2_053119869: i32 = 16819;
export const F2_562915447: i32 = 20995;
export const F3_072711026: i32 = 25172;
