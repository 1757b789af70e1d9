import { describe, expect, it } from "vitest";
import { type CapturableNode, captureImageFills, fillsUnchanged } from "./capture-image-fills.js";

const image = (hash: string | null): ImagePaint => Object.freeze({ type: "IMAGE", scaleMode: "FILL", imageHash: hash });
const rect = (id: string, fills: readonly Paint[] | symbol): CapturableNode => ({
  id,
  name: id,
  type: "RECTANGLE",
  fills,
});

describe("captureImageFills", () => {
  it("groups nodes by image hash so a shared image is upscaled once", () => {
    const result = captureImageFills([rect("a", [image("h1")]), rect("b", [image("h1"), image("h2")])], false);
    expect(result.jobs).toEqual([
      { hash: "h1", nodeIds: ["a", "b"] },
      { hash: "h2", nodeIds: ["b"] },
    ]);
    expect(result.nodes.map((node) => node.id)).toEqual(["a", "b"]);
    expect(result.notes).toEqual([]);
  });

  it("takes every fill-bearing type, frames and text included", () => {
    const frame: CapturableNode = { id: "f", name: "Frame", type: "FRAME", fills: [image("h")], children: [] };
    const text: CapturableNode = { id: "t", name: "Title", type: "TEXT", fills: [image("h2")] };
    expect(captureImageFills([frame, text], false).nodes).toHaveLength(2);
  });

  it("finds images inside a group only when asked, and says how otherwise", () => {
    const group: CapturableNode = { id: "g", name: "Group 1", type: "GROUP", children: [rect("inner", [image("h")])] };
    expect(captureImageFills([group], false).notes[0]).toContain("Include layers inside");
    const inside = captureImageFills([group], true);
    expect(inside.jobs).toEqual([{ hash: "h", nodeIds: ["inner"] }]);
    expect(inside.notes).toEqual([]);
  });

  it("counts a node selected twice (itself and inside a selected frame) once", () => {
    const inner = rect("inner", [image("h")]);
    const frame: CapturableNode = { id: "f", name: "F", type: "FRAME", fills: [], children: [inner] };
    expect(captureImageFills([frame, inner], true).nodes).toHaveLength(1);
  });

  it("takes the image fills of a text whose fills differ per character, range by range", () => {
    const ranges = [
      { start: 0, end: 6, fills: [{ type: "SOLID", color: { r: 0, g: 0, b: 0 } } as SolidPaint] },
      { start: 6, end: 12, fills: [image("h")] },
    ];
    const text: CapturableNode = {
      id: "t",
      name: "Title",
      type: "TEXT",
      fills: Symbol("mixed"),
      getStyledTextSegments: () => ranges,
    };
    const result = captureImageFills([text], false);
    expect(result.jobs).toEqual([{ hash: "h", nodeIds: ["t"] }]);
    expect(result.nodes[0]?.slots).toEqual(ranges.map(({ start, end, fills }) => ({ range: { start, end }, fills })));
  });

  it("explains an empty selection and image fills without an image", () => {
    expect(captureImageFills([], false).notes).toEqual(["Nothing is selected: select layers with image fills."]);
    const notes = captureImageFills([rect("empty", [image(null)])], false).notes;
    expect(notes).toEqual(["“empty” has an image fill without an image."]);
  });
});

describe("fillsUnchanged", () => {
  it("tells an untouched fill list from a changed or removed one", () => {
    const [captured] = captureImageFills([rect("a", [image("h")])], false).nodes;
    if (captured === undefined) throw new Error("nothing captured");
    expect(fillsUnchanged(captured, rect("a", [image("h")]))).toBe(true);
    expect(fillsUnchanged(captured, rect("a", [image("other")]))).toBe(false);
    expect(fillsUnchanged(captured, rect("a", [{ ...image("h"), opacity: 0.5 }]))).toBe(false);
    expect(fillsUnchanged(captured, rect("a", Symbol("mixed")))).toBe(false);
  });
});
