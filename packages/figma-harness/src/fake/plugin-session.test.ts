import { describe, expect, it } from "vitest";
import type { Paint } from "../figma-types.js";
import { makeTestImage } from "../test-images.js";
import { createFigmaFake } from "./create-figma-fake.js";

describe("figma.notify", () => {
  it("records notifications and lets them be cancelled", () => {
    const fake = createFigmaFake();
    const handle = fake.figma.notify("Upscaled 3 images", { timeout: 2000 });
    fake.figma.notify("Key missing", { error: true, button: { text: "Set key", action: () => true } });
    handle.cancel();
    expect(fake.notifications).toEqual([
      { message: "Upscaled 3 images", error: false, timeout: 2000, button: undefined, cancelled: true },
      { message: "Key missing", error: true, timeout: undefined, button: "Set key", cancelled: false },
    ]);
    expect(fake.clickNotificationButton(1)).toBe(true);
  });

  it("throws on a message over 100 characters, or records it when asked to", () => {
    expect(() => createFigmaFake().figma.notify("x".repeat(101))).toThrow("101 characters");
    const lenient = createFigmaFake({ violations: "record" });
    lenient.figma.notify("y".repeat(120));
    expect(lenient.violations.map((violation) => violation.rule)).toEqual(["notify-length"]);
    expect(() => createFigmaFake().figma.notify("z".repeat(100))).not.toThrow();
  });
});

describe("figma.openExternal", () => {
  it("records each address the plugin opens in the browser, and refuses anything but a string", () => {
    const fake = createFigmaFake();
    fake.figma.openExternal("https://ideogram.ai/result.png");
    expect(fake.openedUrls).toEqual(["https://ideogram.ai/result.png"]);
    expect(() => fake.figma.openExternal(42 as unknown as string)).toThrow("Expected url to be a string");
  });
});

describe("undo", () => {
  it("reverts everything since the last commitUndo in one step, and not the user's own drawing", async () => {
    const fake = createFigmaFake();
    const first = fake.addImage(await makeTestImage(4, 4));
    const second = fake.addImage(await makeTestImage(8, 8));
    const fill = (hash: string): Paint[] => [{ type: "IMAGE", scaleMode: "FILL", imageHash: hash }];
    const a = fake.create("RECTANGLE", { fills: fill(first) });
    const b = fake.create("ELLIPSE", { fills: fill(first) });
    expect(fake.undoSteps).toBe(0);
    const before = [fake.fillsOf(a), fake.fillsOf(b)];
    fake.figma.commitUndo();
    a.fills = fill(second);
    b.fills = fill(second);
    const added = fake.figma.createRectangle();
    fake.figma.closePlugin();
    expect(fake.undoSteps).toBe(1);
    expect(fake.undo()).toBe(true);
    expect([fake.fillsOf(a), fake.fillsOf(b)]).toEqual(before);
    expect(added.removed).toBe(true);
    expect(fake.undo()).toBe(false);
  });

  it("makes each plugin run its own step", () => {
    const fake = createFigmaFake();
    const first = fake.figma.createRectangle();
    const second = fake.reopen().createEllipse();
    fake.undo();
    expect([first.removed, second.removed]).toEqual([false, true]);
  });

  it("splits steps at commitUndo", () => {
    const fake = createFigmaFake();
    const rectangle = fake.figma.createRectangle();
    fake.figma.commitUndo();
    const ellipse = fake.figma.createEllipse();
    fake.undo();
    expect([rectangle.removed, ellipse.removed]).toEqual([false, true]);
  });
});

describe("UI and events", () => {
  it("delivers UI messages to onmessage and on('message') with a null origin, as clones", async () => {
    const fake = createFigmaFake();
    fake.figma.showUI("<p>ui</p>", { width: 320, height: 480, themeColors: true });
    const received: unknown[] = [];
    fake.figma.ui.onmessage = (message, props) => received.push(["onmessage", message, props.origin]);
    fake.figma.ui.on("message", (message) => received.push(["on", message]));
    const sent = { type: "go", bytes: new Uint8Array([1]) };
    fake.session.ui.sendToPlugin(sent);
    sent.type = "changed";
    await fake.settled();
    expect(received).toEqual([
      ["onmessage", { type: "go", bytes: new Uint8Array([1]) }, "null"],
      ["on", { type: "go", bytes: new Uint8Array([1]) }],
    ]);
    expect(fake.session.ui.size).toEqual({ width: 320, height: 480 });
  });

  it("queues messages to the UI until it listens, and refuses posting before showUI", () => {
    const fake = createFigmaFake();
    expect(() => fake.figma.ui.postMessage({})).toThrow("showUI");
    fake.figma.showUI("");
    fake.figma.ui.postMessage({ n: 1 });
    fake.figma.ui.postMessage({ n: 2 });
    const seen: unknown[] = [];
    fake.session.ui.onMessageToUi((message) => seen.push(message));
    fake.figma.ui.postMessage({ n: 3 });
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(() => fake.figma.ui.postMessage({ f() {} })).toThrow("could not be cloned");
  });

  it("fires close handlers once on closePlugin, with its message as a notification", () => {
    const fake = createFigmaFake();
    let closes = 0;
    fake.figma.on("close", () => {
      closes += 1;
      fake.figma.closePlugin("again, from the close handler");
    });
    fake.figma.closePlugin("Done");
    fake.figma.closePlugin();
    expect(closes).toBe(1);
    expect(fake.session.closed).toBe(true);
    expect(fake.notifications.map((notification) => notification.message)).toEqual(["Done"]);
    expect(() => fake.figma.on("nonsense" as "close", () => {})).toThrow("Unknown event");
  });

  it("encodes and decodes base64 like Figma", () => {
    const { figma } = createFigmaFake();
    expect(figma.base64Encode(new Uint8Array([104, 105]))).toBe("aGk=");
    expect(Array.from(figma.base64Decode("aGk="))).toEqual([104, 105]);
    expect(figma.editorType).toBe("figma");
    expect(typeof figma.mixed).toBe("symbol");
  });
});
