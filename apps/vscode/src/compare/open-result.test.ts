import { afterEach, describe, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, type Workspace } from "../../test/extension-harness.js";
import { fake, TabInputCustom, TabInputText, TabInputWebview } from "../../test/fake-vscode.js";
import { openResult, resultsColumn } from "./open-result.js";
import { recordResult } from "./result-origins.js";

let ws: Workspace;
afterEach(() => ws.cleanup());

/** The workspace's file as the extension's code sees it (the fake's Uri stands for vscode's). */
const uri = (name: string) => ws.uri(name) as unknown as vscode.Uri;

const preview = (uri: vscode.Uri) => ({ input: new TabInputCustom(uri, "imagePreview.previewEditor") });
const group = (viewColumn: number, isActive: boolean, ...tabs: { input: unknown }[]) => ({
  viewColumn,
  isActive,
  tabs,
});

describe("where results open", () => {
  test("beside the original's group when no group holds results yet", async () => {
    ws = await activateInWorkspace({});
    fake.tabGroups = [group(1, true, preview(uri("a.png")))];
    expect(resultsColumn(uri("a.png"))).toBe(2);
  });

  test("every later result goes to the same results group, wherever focus is (no sixth column)", async () => {
    ws = await activateInWorkspace({});
    await recordResult(uri("a.png"), uri("a@2x.png"));
    // Focus is in the results group, as after opening the first result; the next original is not open.
    fake.tabGroups = [group(1, false, preview(uri("a.png"))), group(2, true, preview(uri("a@2x.png")))];
    expect(resultsColumn(uri("b.png"))).toBe(2);
    // The next original open in the first group: still group 2.
    fake.tabGroups[0]?.tabs.push(preview(uri("b.png")));
    expect(resultsColumn(uri("b.png"))).toBe(2);
  });

  test("a compare view marks the results group too", async () => {
    ws = await activateInWorkspace({});
    fake.tabGroups = [
      group(1, true, preview(uri("a.png"))),
      group(2, false, { input: new TabInputText(uri("notes.md")) }),
      group(3, false, { input: new TabInputWebview("mainThreadWebview-upscale.compare") }),
    ];
    expect(resultsColumn(uri("a.png"))).toBe(3);
  });

  test("an original opened in the results group: the group next to it, no new column while there is one", async () => {
    ws = await activateInWorkspace({});
    await recordResult(uri("a.png"), uri("a@2x.png"));
    // An explorer click opened b.png where focus was, in the results group.
    fake.tabGroups = [
      group(1, false, preview(uri("a.png"))),
      group(2, true, preview(uri("a@2x.png")), preview(uri("b.png"))),
    ];
    expect(resultsColumn(uri("b.png"))).toBe(1);
    // A result upscaled again, alone on the right: its result goes right of it.
    fake.tabGroups = [group(1, true, preview(uri("a@2x.png")))];
    expect(resultsColumn(uri("a@2x.png"))).toBe(2);
    // Another group on the right (the user's own) is reused rather than a new one made.
    fake.tabGroups = [
      group(1, true, preview(uri("b.png"))),
      group(2, false, { input: new TabInputText(uri("notes.md")) }),
    ];
    expect(resultsColumn(uri("b.png"))).toBe(2);
  });

  test("nothing open: beside the active group, as before", async () => {
    ws = await activateInWorkspace({});
    expect(resultsColumn(uri("a.png"))).toBe(vscode.ViewColumn.Beside);
    expect(resultsColumn(undefined)).toBe(vscode.ViewColumn.Beside);
  });

  test("openResult opens the result in that column, its original looked up from the record", async () => {
    ws = await activateInWorkspace({});
    await recordResult(uri("a.png"), uri("a@2x.png"));
    fake.tabGroups = [group(1, true, preview(uri("a.png")))];
    await openResult(uri("a@2x.png"));
    const opened = fake.executed.find((call) => call.command === "vscode.open");
    expect(String(opened?.args[0])).toBe(uri("a@2x.png").toString());
    expect(opened?.args[1]).toEqual({ viewColumn: 2 });
  });

  test("a result it opened without a known original (Midjourney) also marks the results group", async () => {
    ws = await activateInWorkspace({});
    await openResult(uri("midjourney-1.png"));
    fake.tabGroups = [group(1, true, preview(uri("grid.png"))), group(2, false, preview(uri("midjourney-1.png")))];
    expect(resultsColumn(undefined)).toBe(2);
  });
});
