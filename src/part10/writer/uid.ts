/**
 * UIDs dicompix writes (PS3.5 section 9 and Annex B.2).
 *
 * The project's UID root is UUID-derived (PS3.5 B.2: "2.25." followed by the decimal value of a UUID), so it
 * needs no registration: the UUID da52d50d-5c5f-4f57-8a17-80133476f299 was drawn once for dicompix and is
 * its Implementation Class UID. New instance UIDs are "2.25." + a fresh random (version 4) UUID in decimal.
 */

/** (0002,0012) Implementation Class UID of dicompix: 2.25.<UUID da52d50d-5c5f-4f57-8a17-80133476f299>. */
export const IMPLEMENTATION_CLASS_UID = "2.25.290201792635311050188002709251357602457";

/** (0002,0013) Implementation Version Name (SH, at most 16 characters). */
export const IMPLEMENTATION_VERSION_NAME = "DICOMPIX_0.1.0";

/**
 * A new globally unique UID under the "2.25" UUID arc (PS3.5 B.2): at most 44 characters.
 */
export function generateUid(): string {
  const hex = globalThis.crypto.randomUUID().replace(/-/g, "");
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}
