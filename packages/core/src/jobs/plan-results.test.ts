import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import type { JobSource } from "./job-ports.js";
import { planResults, refuseSharedTargets } from "./plan-results.js";

const source = (id: string): JobSource => ({ id, name: id.split("/").pop() ?? id, read: async () => new Uint8Array() });

describe("planResults", () => {
  it("plans every input, keeping the app's source objects", () => {
    const a = source("a.png");
    const planned = planResults([a], (s) => ({ fileName: `${s.name}-big`, mimeType: "image/png" }));
    expect(planned).toEqual([{ source: a, fileName: "a.png-big", mimeType: "image/png" }]);
    expect(planned[0]?.source).toBe(a);
  });

  it("refuses two inputs that would be written to one file, naming both", async () => {
    const error = await failure(
      Promise.resolve().then(() =>
        planResults([source("a.png"), source("x/a.png")], () => ({
          fileName: "a@2x.png",
          mimeType: "image/png",
          target: { kind: "file", path: "out/a@2x.png" },
        })),
      ),
    );
    expect(error).toMatchObject({
      name: "InputError",
      code: "INVALID_REQUEST",
      message: "a.png and x/a.png would both be written to out/a@2x.png: process them separately.",
    });
  });

  it("lets inputs without a target, or into a folder, share a name; refuses a shared canvas node or image", () => {
    const plans = [source("1"), source("2")];
    expect(() => planResults(plans, () => ({ fileName: "Image.png", mimeType: "image/png" }))).not.toThrow();
    expect(() =>
      refuseSharedTargets(plans.map((s) => ({ source: s, target: { kind: "folder", path: "/out" } }))),
    ).not.toThrow();
    expect(() => refuseSharedTargets(plans.map((s) => ({ source: s, target: { kind: "node", id: "1:2" } })))).toThrow(
      "1 and 2 would both be written to layer 1:2",
    );
    expect(() =>
      refuseSharedTargets(plans.map((s) => ({ source: s, target: { kind: "image", hash: "f00d" } }))),
    ).toThrow("1 and 2 would both be written to image f00d");
  });
});
