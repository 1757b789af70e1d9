import { createMidjourneyClient, readMidjourneyTaskId, waitForMidjourneyImage } from "@upscale/core";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, eventually, type Workspace } from "../../test/extension-harness.js";
import { fake } from "../../test/fake-vscode.js";
import { imageSize, testImage } from "../../test/images.js";

let fakeApis: FakeApis;
let ws: Workspace;
let gridId: string;

beforeAll(async () => {
  fakeApis = await startFakeApis({ scenario: { task: { durationMs: 300 } } });
  const client = createMidjourneyClient({ apiKey: fakeApis.keys.gptunnel, baseUrl: fakeApis.gptunnelUrl });
  gridId = (await client.imagine("a lighthouse")).id;
  await waitForMidjourneyImage(client, gridId);
});
afterAll(() => fakeApis.close());

beforeEach(async () => {
  ws = await activateInWorkspace({});
  fake.setting("upscale.gptunnel.baseUrl", fakeApis.gptunnelUrl);
  await ws.context.secrets.store("upscale.apiKey.gptunnel", fakeApis.keys.gptunnel);
  fakeApis.setScenario({ task: { durationMs: 300 } });
  fakeApis.stats.reset();
});
afterEach(() => ws.cleanup());

const pick = (label: string) => (call: { items: { label: string }[] }) => call.items.find((i) => i.label === label);

describe("Midjourney commands (against the fake GPTunnel)", () => {
  test("Imagine… saves midjourney-<id>.png in the workspace, carrying its task id, and opens it", async () => {
    fake.script("a red fox");
    await vscode.commands.executeCommand("upscale.midjourney.imagine");
    const [name = ""] = (await ws.files()).filter((file) => file.startsWith("midjourney-"));
    const taskId = /^midjourney-([0-9a-f]{24})\.png$/.exec(name)?.[1];
    expect(taskId).toBeDefined();
    expect(readMidjourneyTaskId(await ws.read(name))).toBe(taskId);
    expect(fake.executed.some((call) => call.command === "vscode.open")).toBe(true);
    expect(await ws.context.globalState.get("upscale.midjourneyLedger")).toEqual([]);
  });

  test("Upsample… from a task id: quadrant 2 at 2×, named after the grid's task", async () => {
    fake.script(gridId, pick("2"));
    await vscode.commands.executeCommand("upscale.midjourney.upsample");
    const output = `midjourney-${gridId}@u2.png`;
    expect(await ws.files()).toEqual([output]);
    expect(await imageSize(await ws.read(output))).toMatchObject({ width: 512, height: 512 });
  });

  test("Upsample… on a grid file saved here reads the task id from it and saves beside it", async () => {
    fake.script("a grid");
    await vscode.commands.executeCommand("upscale.midjourney.imagine");
    const [grid = ""] = await ws.files();
    fake.script(pick("4"));
    await vscode.commands.executeCommand("upscale.midjourney.upsample", ws.uri(grid));
    expect(await ws.files()).toEqual([grid, grid.replace(".png", "@u4.png")]);
    expect(fake.messages("inputBox")).toHaveLength(1);
  });

  test("Upsample… on a PNG without a task id says so", async () => {
    await ws.cleanup();
    ws = await activateInWorkspace({ "plain.png": await testImage(4, 4, "png") });
    await vscode.commands.executeCommand("upscale.midjourney.upsample", ws.uri("plain.png"));
    expect(fake.messages("error")[0]?.text).toMatch(/plain\.png carries no Midjourney task id/);
  });

  test("Cancel while waiting writes nothing and keeps the task; Resume Task… finishes it without a new submission", async () => {
    fakeApis.setScenario({ task: { durationMs: 4000 } });
    fake.script(gridId, pick("3"));
    const running = vscode.commands.executeCommand("upscale.midjourney.upsample");
    const progress = await eventually(() =>
      fake.progress.find((p) => p.reports.some((r) => /%/.test(r.message ?? ""))),
    );
    progress.cancel();
    await running;
    const output = `midjourney-${gridId}@u3.png`;
    expect(await ws.files()).toEqual([]);
    const [notice] = fake.messages("info");
    expect(notice?.text).toMatch(/cancelled\. Task [0-9a-f]{24} keeps running/);
    expect(notice?.buttons).toEqual(["Resume"]);
    const ledger = ws.context.globalState.get<{ taskId: string; target: string }[]>("upscale.midjourneyLedger");
    expect(ledger).toHaveLength(1);
    expect(ledger?.[0]?.target).toMatch(new RegExp(`${output}$`));

    // A reload: a new activation, with nothing in memory, finds the task in the same globalState.
    ws.reload();
    fake.script((call: { items: { description: string }[] }) => call.items[0]);
    await vscode.commands.executeCommand("upscale.midjourney.resume");
    const [list] = fake.messages("quickPick").slice(-1);
    expect(list?.items).toHaveLength(1);
    expect(list?.items?.[0]).toMatchObject({
      description: ledger?.[0]?.taskId,
      label: expect.stringMatching(/upsample 3 of/),
    });
    expect(await imageSize(await ws.read(output))).toMatchObject({ width: 512, height: 512 });
    expect(fakeApis.stats.count("upsample", "POST")).toBe(1);
    expect(ws.context.globalState.get("upscale.midjourneyLedger")).toEqual([]);

    // The cancel notice stays on screen: its Resume button, pressed now, must not save a second copy.
    await vscode.commands.executeCommand("upscale.midjourney.resume", ledger?.[0]?.taskId);
    expect(await ws.files()).toEqual([output]);
    expect(fake.messages("info").at(-1)?.text).toMatch(/already saved; nothing to resume/);
  });

  test("the cancel notice's Resume button finishes the task at once", async () => {
    fakeApis.setScenario({ task: { durationMs: 2000 } });
    fake.script(gridId, pick("1"), "Resume");
    const running = vscode.commands.executeCommand("upscale.midjourney.upsample");
    const progress = await eventually(() =>
      fake.progress.find((p) => p.reports.some((r) => /%/.test(r.message ?? ""))),
    );
    progress.cancel();
    await running;
    expect(await ws.files()).toEqual([`midjourney-${gridId}@u1.png`]);
    expect(fakeApis.stats.count("upsample", "POST")).toBe(1);
  });

  test("Resume Task… with nothing pending says so", async () => {
    await vscode.commands.executeCommand("upscale.midjourney.resume");
    expect(fake.messages("info")[0]?.text).toBe("Upscale: no unfinished paid tasks to resume.");
  });

  test("no GPTunnel key: an error with Set API Key, nothing submitted", async () => {
    await ws.context.secrets.delete("upscale.apiKey.gptunnel");
    fake.script(gridId, pick("1"));
    await vscode.commands.executeCommand("upscale.midjourney.upsample");
    expect(fake.messages("error")[0]?.buttons).toContain("Set API Key");
    expect(fakeApis.stats.count("upsample", "POST")).toBe(0);
  });

  test("a failure before any task was created offers Retry, and Retry submits the same upsample", async () => {
    fakeApis.setScenario({
      task: { durationMs: 300 },
      // Enough 503s for the core's own retries to give up.
      faults: [{ endpoint: "upsample", on: { requests: [1, 2, 3, 4, 5] }, fault: { kind: "status", status: 503 } }],
    });
    fake.script(gridId, pick("2"), (call: { buttons: string[] }) => {
      expect(call.buttons).toContain("Retry");
      fakeApis.setScenario({ task: { durationMs: 300 } });
      return "Retry";
    });
    await vscode.commands.executeCommand("upscale.midjourney.upsample");
    expect(await ws.files()).toEqual([`midjourney-${gridId}@u2.png`]);
  });

  test("Variation… of a grid image: a new grid saved under its own task id", async () => {
    fake.script(gridId, pick("1"));
    await vscode.commands.executeCommand("upscale.midjourney.variation");
    const [name] = await ws.files();
    expect(name).toMatch(/^midjourney-[0-9a-f]{24}\.png$/);
    expect(name).not.toContain(gridId);
    expect(fakeApis.stats.count("variation", "POST")).toBe(1);
  });
});
