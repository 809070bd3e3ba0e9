/** Turns conformance results into the runner's lines and its closing summary. */
import { findTransferSyntax } from "../uids.js";
import type { ConformanceResult } from "./check.js";

/** One line per file: `pass  path  detail`. */
export function resultLine(r: ConformanceResult): string {
  const tag = r.status === "pass" ? "pass" : r.status === "fail" ? "FAIL" : "unsupported";
  return `${tag.padEnd(11)} ${r.path}  ${r.detail.replace(/\s*\n\s*/g, " ")}`;
}

export interface ConformanceSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Unsupported entries per transfer syntax name. */
  unsupported: Record<string, number>;
}

export function summarize(results: ConformanceResult[]): ConformanceSummary {
  const unsupported: Record<string, number> = {};
  for (const r of results) {
    if (r.status !== "unsupported") continue;
    const name = findTransferSyntax(r.transferSyntaxUID)?.name ?? r.transferSyntaxUID;
    unsupported[name] = (unsupported[name] ?? 0) + 1;
  }
  return {
    passed: results.filter((r) => r.status === "pass").length,
    failed: results.filter((r) => r.status === "fail").length,
    skipped: results.filter((r) => r.status === "unsupported").length,
    unsupported,
  };
}

/** The closing lines: the unsupported counts per syntax, then `N passed, N failed, N skipped`. */
export function summaryLines(s: ConformanceSummary): string[] {
  const lines = Object.entries(s.unsupported)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `unsupported: ${n} ${name}`);
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return lines;
}
