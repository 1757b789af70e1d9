import { describe, expect, it } from "vitest";
import type { ResultTarget } from "./job-ports.js";
import { decodeLedgerTarget, encodeLedgerTarget } from "./ledger-target.js";

describe("ledger targets", () => {
  it("encodes files, folders, canvas nodes and canvas images as one string each, and reads them back", () => {
    const targets: [ResultTarget, string][] = [
      [{ kind: "file", path: "/home/me/grids/a.png" }, "/home/me/grids/a.png"],
      [{ kind: "file", path: "file:///home/me/a%402x.png" }, "file:///home/me/a%402x.png"],
      [{ kind: "folder", path: "/home/me/grids" }, "/home/me/grids/"],
      [{ kind: "folder", path: "vscode-remote://ssh/home/me" }, "vscode-remote://ssh/home/me/"],
      [{ kind: "node", id: "12:34" }, "node:12:34"],
      [{ kind: "node", id: "I5:6;7:8" }, "node:I5:6;7:8"],
      [{ kind: "image", hash: "c6c601af47fe" }, "figma-image:c6c601af47fe"],
    ];
    for (const [target, text] of targets) {
      expect(encodeLedgerTarget(target)).toBe(text);
      expect(decodeLedgerTarget(text)).toEqual(target);
    }
  });

  it("reads what the apps stored before: a CLI path or folder, a VS Code Uri, a bare Figma node id", () => {
    expect(decodeLedgerTarget("/tmp/out/")).toEqual({ kind: "folder", path: "/tmp/out" });
    expect(decodeLedgerTarget("/")).toEqual({ kind: "folder", path: "/" });
    expect(decodeLedgerTarget("/tmp/x@u2.png")).toEqual({ kind: "file", path: "/tmp/x@u2.png" });
    expect(decodeLedgerTarget("file:///w/grids/")).toEqual({ kind: "folder", path: "file:///w/grids" });
    expect(decodeLedgerTarget("123:456")).toEqual({ kind: "node", id: "123:456" });
    expect(decodeLedgerTarget("I1:2;3:4")).toEqual({ kind: "node", id: "I1:2;3:4" });
  });

  it("does not add a second slash to a folder given with one", () => {
    expect(encodeLedgerTarget({ kind: "folder", path: "/out/" })).toBe("/out/");
  });
});
