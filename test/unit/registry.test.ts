import { describe, expect, it } from "vitest";
import { TRANSFER_SYNTAXES, UID, findTransferSyntax } from "../../src/uids.js";
import { getCodec, listCodecs } from "../../src/registry.js";
import { DicomPixelError, KERNEL_STATUS, checkKernelStatus, formatTag } from "../../src/errors.js";
import { readFileSync } from "node:fs";

describe("transfer syntaxes (PS3.6 Table A-1)", () => {
  it("knows the syntaxes by UID and keyword with their properties", () => {
    const be = findTransferSyntax("1.2.840.10008.1.2.2\0")!;
    expect(be.keyword).toBe("ExplicitVRBigEndian");
    expect(be.littleEndian).toBe(false);
    expect(be.encapsulated).toBe(false);
    expect(be.retired).toBe(true);
    expect(findTransferSyntax("JPEGLosslessSV1")!.uid).toBe("1.2.840.10008.1.2.4.70");
    expect(findTransferSyntax("1.2.840.10008.1.2.1.99")!.deflated).toBe(true);
    expect(findTransferSyntax("1.2.840.10008.1.2.4.50")!.lossy).toBe(true);
    expect(findTransferSyntax("1.2.840.10008.1.2")!.explicitVR).toBe(false);
    expect(UID.HTJ2K).toBe("1.2.840.10008.1.2.4.203");
    expect(findTransferSyntax("1.2.3")).toBeUndefined();
  });

  it("has unique UIDs and keywords, and covers every family the issue names", () => {
    expect(new Set(TRANSFER_SYNTAXES.map((t) => t.uid)).size).toBe(TRANSFER_SYNTAXES.length);
    expect(new Set(TRANSFER_SYNTAXES.map((t) => t.keyword)).size).toBe(TRANSFER_SYNTAXES.length);
    for (const kw of ["ImplicitVRLittleEndian", "DeflatedExplicitVRLittleEndian", "JPEGLossless", "JPEGLSLossless", "JPEG2000", "HTJ2KLossless", "RLELossless", "MPEG2MPML", "HEVCMP51", "DeflatedImageFrameCompression", "JPEGXL"]) {
      expect(UID[kw], kw).toBeDefined();
    }
  });

  it("every transfer syntax in the corpus manifest is known", () => {
    const dir = process.env.DICOMPIX_CONFORMANCE_DIR ?? new URL("../../../shared/conformance-data", import.meta.url).pathname;
    let lines: string[] = [];
    try {
      lines = readFileSync(`${dir}/manifest.jsonl`, "utf8").trim().split("\n");
    } catch {
      return;
    }
    for (const l of lines) {
      const e = JSON.parse(l) as { transferSyntaxUID: string | null; transferSyntaxName: string };
      if (e.transferSyntaxUID) expect(findTransferSyntax(e.transferSyntaxUID)?.uid, e.transferSyntaxName).toBe(e.transferSyntaxUID);
    }
  });
});

describe("codec registry", () => {
  it("a known syntax without a codec raises UNSUPPORTED_TRANSFER_SYNTAX naming UID and name", () => {
    try {
      getCodec("1.2.840.10008.1.2.4.100");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DicomPixelError);
      expect((e as DicomPixelError).code).toBe("UNSUPPORTED_TRANSFER_SYNTAX");
      expect((e as Error).message).toContain("(1.2.840.10008.1.2.4.100)");
      expect((e as Error).message).toMatch(/MPEG2 Main Profile/);
    }
    expect(() => getCodec("1.2.3.4")).toThrow(/unknown transfer syntax "1.2.3.4"/);
  });

  it("every registered codec declares known transfer syntaxes and the two-phase methods", () => {
    for (const c of listCodecs()) {
      expect(typeof c.readInfo).toBe("function");
      expect(typeof c.decodedSize).toBe("function");
      expect(typeof c.decodeInto).toBe("function");
      for (const uid of c.transferSyntaxes) expect(findTransferSyntax(uid), `${c.name} ${uid}`).toBeDefined();
    }
  });
});

describe("errors", () => {
  it("maps every kernel status to a code, bad data below 100 and bad arguments from 100", () => {
    for (const [status, [code]] of Object.entries(KERNEL_STATUS)) {
      try {
        checkKernelStatus(-Number(status), "test", { byteOffset: 7 });
        expect.unreachable();
      } catch (e) {
        expect((e as DicomPixelError).code).toBe(code);
        expect((e as Error).message).toMatch(/^test: .*\(at byte 7\)$/);
      }
    }
    expect(checkKernelStatus(42, "ok")).toBe(42);
    expect(() => checkKernelStatus(-9999, "x")).toThrow(/unknown kernel status -9999/);
  });

  it("the kernel status table mirrors assembly/common/status.ts", () => {
    const src = readFileSync(new URL("../../assembly/common/status.ts", import.meta.url), "utf8");
    const codes = [...src.matchAll(/export const (\w+): i32 = (\d+);/g)].map((m) => [m[1]!, Number(m[2])] as const);
    for (const [name, n] of codes) {
      if (n === 0) continue;
      expect(KERNEL_STATUS[n], `${name} = ${n}`).toBeDefined();
    }
  });

  it("formats tags", () => {
    expect(formatTag(0x7fe00010)).toBe("(7FE0,0010)");
  });
});
