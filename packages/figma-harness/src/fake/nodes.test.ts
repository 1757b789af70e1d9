import { describe, expect, it } from "vitest";
import type { GroupNode, PageNode, SceneNode, SolidPaint } from "../figma-types.js";
import { FILL_BEARING_TYPES } from "../fill-bearing-types.js";
import { createFigmaFake } from "./create-figma-fake.js";

describe("node types", () => {
  it("gives fills to every fill-bearing type and none to groups and slices", () => {
    const fake = createFigmaFake();
    for (const type of FILL_BEARING_TYPES) expect("fills" in fake.create(type), type).toBe(true);
    const child = fake.create("RECTANGLE");
    const group = fake.figma.group([child], fake.figma.currentPage);
    expect(group.type).toBe("GROUP");
    expect("fills" in group).toBe(false);
    expect("fills" in fake.create("SLICE")).toBe(false);
    expect("children" in child).toBe(false);
  });

  it("creates through the API the way Figma does: on the current page, with its default fill, with ids", () => {
    const { figma } = createFigmaFake();
    const rectangle = figma.createRectangle();
    const frame = figma.createFrame();
    expect(rectangle.parent).toBe(figma.currentPage);
    expect(rectangle.id).toMatch(/^\d+:\d+$/);
    expect(rectangle.id).not.toBe(frame.id);
    expect((rectangle.fills as readonly SolidPaint[])[0]?.type).toBe("SOLID");
    expect([rectangle.width, rectangle.height]).toEqual([100, 100]);
    const instance = figma.createComponent().createInstance();
    expect(instance.type).toBe("INSTANCE");
    expect(() => instance.mainComponent).toThrow("getMainComponentAsync");
  });
});

describe("geometry", () => {
  it("resizes with Figma's limits, and refuses assigning width", () => {
    const { figma } = createFigmaFake();
    const rectangle = figma.createRectangle();
    rectangle.resize(40, 30);
    expect([rectangle.width, rectangle.height]).toEqual([40, 30]);
    expect(() => rectangle.resize(0, 10)).toThrow("in resize");
    expect(() => {
      (rectangle as unknown as { width: number }).width = 5;
    }).toThrow("read only property 'width'");
    expect(() => {
      (rectangle as unknown as { foo: number }).foo = 5;
    }).toThrow("not extensible");
  });

  it("positions children of frames relative to the frame, and groups by their children", () => {
    const fake = createFigmaFake();
    const frame = fake.create("FRAME", { x: 100, y: 50, width: 300, height: 300 });
    const a = fake.create("RECTANGLE", { parent: frame, x: 10, y: 10, width: 20, height: 20 });
    const b = fake.create("RECTANGLE", { parent: frame, x: 50, y: 40, width: 10, height: 10 });
    expect(a.absoluteBoundingBox).toEqual({ x: 110, y: 60, width: 20, height: 20 });
    const group = fake.figma.group([a, b], frame) as GroupNode;
    expect([group.x, group.y, group.width, group.height]).toEqual([10, 10, 50, 40]);
    group.x = 20;
    expect([a.x, b.x]).toEqual([20, 60]);
    b.remove();
    a.remove();
    expect(group.removed).toBe(true);
  });
});

describe("removal and lookup", () => {
  it("answers getNodeByIdAsync with null for removed nodes, whose properties then throw", async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    const inner = figma.createRectangle();
    frame.appendChild(inner);
    expect(await figma.getNodeByIdAsync(inner.id)).toBe(inner);
    frame.remove();
    expect(inner.removed).toBe(true);
    expect(await figma.getNodeByIdAsync(inner.id)).toBeNull();
    expect(() => inner.fills).toThrow(`The node with id "${inner.id}" does not exist`);
    expect(() => figma.getNodeById(frame.id)).toThrow("getNodeByIdAsync");
  });

  it("clones under the current page with new ids and the same fills", () => {
    const fake = createFigmaFake();
    const frame = fake.create("FRAME", { name: "Card" });
    fake.create("ELLIPSE", { parent: frame });
    const copy = frame.clone();
    expect(copy.id).not.toBe(frame.id);
    expect(copy.parent).toBe(fake.figma.currentPage);
    expect(copy.children[0]?.type).toBe("ELLIPSE");
    expect(copy.children[0]?.id).not.toBe(frame.children[0]?.id);
    expect(fake.fillsOf(copy)).toEqual(fake.fillsOf(frame));
  });
});

describe("selection and pages", () => {
  it("fires selectionchange after the user selects, and refuses nodes of other pages", async () => {
    const fake = createFigmaFake();
    const a = fake.create("RECTANGLE");
    let fired = 0;
    fake.figma.on("selectionchange", () => {
      fired += 1;
    });
    fake.select([a]);
    expect(fake.figma.currentPage.selection).toEqual([a]);
    expect(Object.isFrozen(fake.figma.currentPage.selection)).toBe(true);
    await fake.settled();
    expect(fired).toBe(1);
    const other = fake.figma.createPage();
    const elsewhere = fake.figma.createRectangle();
    other.appendChild(elsewhere);
    expect(() => {
      fake.figma.currentPage.selection = [elsewhere as SceneNode];
    }).toThrow("in set_selection");
    a.remove();
    expect(fake.figma.currentPage.selection).toEqual([]);
  });

  it("switches pages only asynchronously, as dynamic-page requires", async () => {
    const { figma } = createFigmaFake();
    const second = figma.createPage() as PageNode;
    expect(() => {
      figma.currentPage = second;
    }).toThrow("setCurrentPageAsync");
    await figma.setCurrentPageAsync(second);
    expect(figma.currentPage).toBe(second);
    expect(figma.root.children).toHaveLength(2);
  });

  it("has a viewport centre that plugins place new layers at", () => {
    const { figma } = createFigmaFake({ viewport: { center: { x: 500, y: 300 } } });
    expect(figma.viewport.center).toEqual({ x: 500, y: 300 });
    expect(figma.viewport.bounds).toEqual({ x: -220, y: -150, width: 1440, height: 900 });
  });
});

describe("plugin data and relaunch data", () => {
  it("stores strings per node and refuses relaunch commands the manifest does not have", () => {
    const fake = createFigmaFake({ relaunchCommands: ["upscale-again"] });
    const node = fake.figma.createRectangle();
    node.setPluginData("task", "abc");
    expect(node.getPluginData("task")).toBe("abc");
    expect(node.getPluginData("other")).toBe("");
    expect(node.getPluginDataKeys()).toEqual(["task"]);
    expect(() => node.setPluginData("x", 1 as unknown as string)).toThrow("strings");
    node.setRelaunchData({ "upscale-again": "Upscale with the same settings" });
    expect(node.getRelaunchData()).toEqual({ "upscale-again": "Upscale with the same settings" });
    expect(() => node.setRelaunchData({ other: "" })).toThrow("relaunchButtons");
    expect(node.clone().getPluginData("task")).toBe("abc");
  });
});
