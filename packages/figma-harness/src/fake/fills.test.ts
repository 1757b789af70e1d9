import vm from "node:vm";
import { describe, expect, it } from "vitest";
import type { ImagePaint, Paint } from "../figma-types.js";
import { makeTestImage } from "../test-images.js";
import { createFigmaFake } from "./create-figma-fake.js";
import { paintChanges } from "./paint-changes.js";

async function canvasWithImage() {
  const fake = createFigmaFake();
  const hash = fake.addImage(await makeTestImage(8, 8));
  const other = fake.addImage(await makeTestImage(16, 16));
  const paint: ImagePaint = { type: "IMAGE", scaleMode: "TILE", imageHash: hash, scalingFactor: 0.25, opacity: 0.5 };
  const node = fake.create("RECTANGLE", { fills: [{ type: "SOLID", color: { r: 1, g: 0, b: 0 } }, paint] });
  return { fake, node, hash, other };
}

describe("fills are frozen, as in Figma", () => {
  it("throws on writes into the array or a paint, in strict and in sloppy code", async () => {
    const { node } = await canvasWithImage();
    const fills = node.fills as Paint[];
    expect(Object.isFrozen(fills)).toBe(true);
    expect(() => {
      (fills[1] as { imageHash: string }).imageHash = "x";
    }).toThrow("Cannot assign to read only property 'imageHash'");
    expect(() => fills.push(fills[0] as Paint)).toThrow(TypeError);
    const sloppy = new vm.Script("fills[0].opacity = 0.1; fills.length = 0;");
    expect(() => sloppy.runInNewContext({ fills })).toThrow("Cannot assign to read only property");
  });

  it("accepts a cloned array with only imageHash changed and keeps every other property", async () => {
    const { fake, node, other } = await canvasWithImage();
    const before = fake.fillsOf(node) as Paint[];
    node.fills = (node.fills as Paint[]).map((paint) =>
      paint.type === "IMAGE" ? { ...paint, imageHash: other } : paint,
    );
    const after = fake.fillsOf(node) as Paint[];
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual({ ...before[1], imageHash: other });
  });

  it("reads back Figma's defaults", async () => {
    const { fake, node, hash } = await canvasWithImage();
    expect(fake.fillsOf(node)).toEqual([
      {
        type: "SOLID",
        visible: true,
        opacity: 1,
        blendMode: "NORMAL",
        color: { r: 1, g: 0, b: 0 },
        boundVariables: {},
      },
      {
        type: "IMAGE",
        visible: true,
        opacity: 0.5,
        blendMode: "NORMAL",
        scaleMode: "TILE",
        imageHash: hash,
        scalingFactor: 0.25,
        rotation: 0,
        filters: { exposure: 0, contrast: 0, saturation: 0, temperature: 0, tint: 0, highlights: 0, shadows: 0 },
      },
    ]);
  });

  it("refuses unknown keys, bad values and hashes Figma never made", async () => {
    const { node, hash } = await canvasWithImage();
    const image = { type: "IMAGE", scaleMode: "FILL", imageHash: hash } as const;
    expect(() => {
      node.fills = [{ ...image, foo: 1 } as unknown as Paint];
    }).toThrow("in set_fills: Unrecognized key(s) in object: 'foo'");
    expect(() => {
      node.fills = [{ ...image, scaleMode: "STRETCH" } as unknown as Paint];
    }).toThrow('"fills[0].scaleMode"');
    expect(() => {
      node.fills = [{ ...image, imageHash: "f".repeat(40) }];
    }).toThrow("does not exist");
    expect(() => {
      node.fills = [{ ...image, rotation: 45 }];
    }).toThrow("multiple of 90");
    expect(() => {
      node.fills = [{ ...image, opacity: 2 }];
    }).toThrow("between 0 and 1");
    expect(() => {
      node.fills = { ...image } as unknown as Paint[];
    }).toThrow("to be an array");
  });

  it("keeps a null image hash (an image paint whose picture is missing)", async () => {
    const { fake, node } = await canvasWithImage();
    node.fills = [{ type: "IMAGE", scaleMode: "FILL", imageHash: null }];
    expect((fake.fillsOf(node) as ImagePaint[])[0]?.imageHash).toBeNull();
  });
});

describe("text fills by range", () => {
  it("is figma.mixed when ranges differ, and readable per segment", async () => {
    const fake = createFigmaFake();
    const hash = fake.addImage(await makeTestImage(8, 8));
    const red: Paint = { type: "SOLID", color: { r: 1, g: 0, b: 0 } };
    const picture: Paint = { type: "IMAGE", scaleMode: "FILL", imageHash: hash };
    const text = fake.create("TEXT", {
      characters: "Hello world",
      fills: [red],
      rangeFills: [{ start: 6, end: 11, fills: [picture] }],
    });
    expect(text.fills).toBe(fake.figma.mixed);
    expect(fake.fillsOf(text)).toBe("mixed");
    expect(text.getRangeFills(0, 5)).not.toBe(fake.figma.mixed);
    const segments = text.getStyledTextSegments(["fills"]);
    expect(segments.map((segment) => [segment.characters, segment.fills[0]?.type])).toEqual([
      ["Hello ", "SOLID"],
      ["world", "IMAGE"],
    ]);
    expect(fake.imagePaints().map((use) => use.range)).toEqual([{ start: 6, end: 11 }]);
    expect(() => {
      text.fills = fake.figma.mixed as unknown as Paint[];
    }).toThrow("figma.mixed");
    text.fills = [red];
    expect(fake.fillsOf(text)).toHaveLength(1);
  });

  it("needs the font loaded before characters change", async () => {
    const fake = createFigmaFake();
    const text = fake.figma.createText();
    expect(() => {
      text.characters = "Hi";
    }).toThrow("unloaded font");
    await fake.figma.loadFontAsync({ family: "Inter", style: "Regular" });
    text.characters = "Hi";
    expect(text.characters).toBe("Hi");
  });
});

describe("paintChanges", () => {
  it("names exactly the paint properties a run changed, and layers whose fills were replaced wholesale", async () => {
    const { fake, node, other } = await canvasWithImage();
    const bystander = fake.create("ELLIPSE", { fills: [{ type: "SOLID", color: { r: 0, g: 0, b: 1 } }] });
    const before = fake.snapshotFills();
    node.fills = (node.fills as Paint[]).map((paint) =>
      paint.type === "IMAGE" ? { ...paint, imageHash: other, scalingFactor: 0.125 } : paint,
    );
    fake.asUser(() => {
      bystander.fills = [];
    });
    expect(paintChanges(before, fake.snapshotFills())).toEqual([
      { nodeId: node.id, index: 1, keys: ["imageHash", "scalingFactor"] },
      { nodeId: bystander.id, index: "all", keys: [] },
    ]);
    expect(fake.undo()).toBe(true);
    expect(paintChanges(before, fake.snapshotFills())).toEqual([{ nodeId: bystander.id, index: "all", keys: [] }]);
  });
});
