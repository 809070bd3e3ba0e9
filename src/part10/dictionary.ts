/**
 * The data dictionary (PS3.6 Table 6-1) for Implicit VR data sets: tag -> VR and keyword. The table itself
 * is src/part10/dictionary.generated.ts, generated from the `dcmjs` package's dictionary by
 * src/part10/generate-dictionary.mjs; it is parsed lazily on first use.
 */
import { DICTIONARY_TEXT } from "./dictionary.generated.js";

export interface DictionaryEntry {
  /** The VR as listed: a two-letter VR, or "ox" (OB or OW), "xs" (US or SS), "lt" (US or OW). */
  vr: string;
  keyword: string;
}

let byTag: Map<number, DictionaryEntry> | undefined;
/** Repeating-group entries (50xx, 60xx, 7Fxx; PS3.5 7.6) keyed by tag with the group's low byte cleared. */
let repeating: Map<number, DictionaryEntry> | undefined;
let byKeyword: Map<string, number> | undefined;

function load(): void {
  byTag = new Map();
  repeating = new Map();
  byKeyword = new Map();
  for (const line of DICTIONARY_TEXT.split("\n")) {
    const tag = parseInt(line.slice(0, 8), 16) >>> 0;
    const entry: DictionaryEntry = { vr: line.slice(9, 11), keyword: line.slice(11) };
    (line[8] === "*" ? repeating : byTag).set(tag, entry);
    byKeyword.set(entry.keyword, tag);
  }
}

/** The dictionary entry of a tag (repeating groups and group lengths included), or undefined. */
export function lookupTag(tag: number): DictionaryEntry | undefined {
  if (!byTag) load();
  const t = tag >>> 0;
  const hit = byTag!.get(t);
  if (hit) return hit;
  const group = t >>> 16;
  const element = t & 0xffff;
  if (element === 0) return { vr: "UL", keyword: "GroupLength" }; // PS3.5 7.2: (gggg,0000) is UL
  if (group & 1) {
    // PS3.5 7.8.1: (gggg,0010-00FF) in an odd group are Private Creator Data Elements, LO.
    if (element >= 0x10 && element <= 0xff) return { vr: "LO", keyword: "PrivateCreator" };
    return undefined;
  }
  const hi = group & 0xff00;
  if ((hi === 0x5000 || hi === 0x6000 || hi === 0x7f00) && (group & 1) === 0) {
    return repeating!.get(((hi << 16) | element) >>> 0);
  }
  return undefined;
}

/**
 * The VR to use for an element read in Implicit VR (PS3.5 A.1): the dictionary's VR with the ambiguous ones
 * resolved the way PS3.5 Annex A prescribes for Implicit VR Little Endian — OB or OW -> OW, US or SS -> US
 * (SS when `signed`, i.e. Pixel Representation 1), US or OW -> OW; "UN" for unknown tags.
 */
export function implicitVR(tag: number, signed = false): string {
  const e = lookupTag(tag);
  if (!e) return "UN";
  switch (e.vr) {
    case "ox":
    case "lt":
      return "OW";
    case "xs":
      return signed ? "SS" : "US";
    case "up":
      return "UL";
    case "na":
      return "UN";
    default:
      return e.vr;
  }
}

/** The tag of a keyword ("PixelData" -> 0x7fe00010), or undefined. Repeating groups give their first group. */
export function tagForKeyword(keyword: string): number | undefined {
  if (!byKeyword) load();
  return byKeyword!.get(keyword);
}
