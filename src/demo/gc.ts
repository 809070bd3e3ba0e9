/**
 * Garbage collection between frames for the demo's memory target.
 *
 * Each transcoded frame leaves a few MB of short-lived ArrayBuffers (codec output, fragment reads). V8 collects
 * external memory only after it has grown by tens of MB, so peak RSS would show V8's GC threshold rather than
 * what the pipeline holds. The demo therefore asks for a full collection whenever the ArrayBuffer memory outside
 * the JS heap passes a fixed budget (checked after each frame: a few microseconds). A collection after every
 * frame, as the demo first did, held the peak 5-10 MB lower but took a third of the run (about 1,000 full
 * collections for 200 frames); with the budget it collects every few frames and the peak still does not grow
 * with the frame count. `--expose-gc` is set at run time (node:v8 setFlagsFromString) and the `gc` function
 * taken from a fresh context, so `npm start` needs no node flags. The library itself never does this.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gcFunction: (() => void) | null | undefined;

/**
 * Runs a full garbage collection when the runtime allows it (otherwise does nothing).
 */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    gcFunction = null;
    try {
      const existing = (globalThis as { gc?: () => void }).gc;
      if (typeof existing === "function") gcFunction = existing;
      else {
        setFlagsFromString("--expose-gc");
        const fn = runInNewContext("gc") as unknown;
        if (typeof fn === "function") gcFunction = fn as () => void;
      }
    } catch {
      gcFunction = null;
    }
  }
  // Plain gc() is a full, synchronous collection (on Node 20, gc({ type: "major" }) did not free ArrayBuffers).
  gcFunction?.();
}

/**
 * Runs a full garbage collection when the ArrayBuffer (external) memory V8 accounts for exceeds `budget` bytes.
 */
export function collectGarbageOver(budget: number): void {
  if (getHeapStatistics().external_memory > budget) collectGarbage();
}
