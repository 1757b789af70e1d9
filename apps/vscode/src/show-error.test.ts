import { createMidjourneyClient, failureReport, resumeMidjourneyTask, UpscaleError } from "@upscale/core";
import { IdeogramDownloadError, InputError, NetworkError, TaskError } from "@upscale/core/provider-kit";
import { startFakeApis } from "@upscale/fake-apis";
import { beforeEach, expect, test } from "vitest";
import { fake } from "../test/fake-vscode.js";
import { type ErrorActions, failureButtons, failureMessage, showFailure } from "./show-error.js";

const logged: string[] = [];
const all: ErrorActions = {
  setApiKey: () => 0,
  retry: () => 0,
  resume: () => 0,
  redact: (text) => text.replaceAll("secret-key", "***"),
  log: (line) => logged.push(line),
};
const buttons = (error: unknown, billed = false, actions = all) =>
  failureButtons(failureReport(error, { billed }), actions);

beforeEach(() => {
  fake.reset();
  logged.length = 0;
});

test("each report offers what the user can do next", () => {
  expect(buttons(new InputError("AUTH", "no key"))).toEqual(["Set API Key", "Open Settings"]);
  expect(buttons(new UpscaleError("SERVER_ERROR", "503"))).toEqual(["Retry"]);
  expect(buttons(new TaskError("TIMEOUT", "slow", { taskId: "t" }))).toEqual(["Resume"]);
  expect(buttons(new TaskError("TASK_FAILED", "failed", { taskId: "t" }))).toEqual([]);
  expect(buttons(new InputError("INVALID_REQUEST", "bad url"))).toEqual(["Open Settings"]);
  expect(buttons(new UpscaleError("INSUFFICIENT_BALANCE", "Top up your GPTunnel balance."))).toEqual([]);
});

test("a charged call that may have reached the vendor is not offered again", () => {
  expect(buttons(new NetworkError("reset", { mayHaveReachedServer: true, charged: "maybe" }), true)).toEqual([]);
  expect(buttons(new NetworkError("refused", { mayHaveReachedServer: false }), true)).toEqual(["Retry"]);
  // Something unforeseen after a billed call went out: no blind Retry either.
  expect(buttons(new Error("unexpected"), true)).toEqual([]);
});

test("a Retry that is billed says so", () => {
  const report = failureReport(new UpscaleError("SERVER_ERROR", "503"), { billed: true });
  expect(failureMessage(report, "Upscale")).toBe("Upscale: 503 Retry sends it again, which is charged again.");
  expect(failureMessage(failureReport(new UpscaleError("SERVER_ERROR", "503"), { billed: false }), "Upscale")).toBe(
    "Upscale: 503",
  );
});

test("no button without its action", () => {
  expect(buttons(new InputError("AUTH", "no key"), false, { redact: all.redact, log: all.log })).toEqual([
    "Open Settings",
  ]);
});

test("a paid result's link: logged, and Open Link / Copy Link open and copy exactly it", async () => {
  const link = "https://images.example/ephemeral/abc.png?exp=1796775527266&sig=qo8E1eCU_RAAKcjn-6Wbu1sx9p";
  const error = new IdeogramDownloadError(new NetworkError("reset", { mayHaveReachedServer: true }), link, 7);
  const report = failureReport(error, { billed: true });
  expect(failureButtons(report, all)).toEqual(["Open Link", "Copy Link"]);

  fake.script("Open Link");
  await showFailure(report, all);
  expect(fake.openedExternally).toEqual([link]);
  expect(logged).toEqual([`Upscale: the paid result's link: ${link}`]);
  const [shown] = fake.messages("error");
  expect(shown?.text).toMatch(/charged for it, but the result was not downloaded.*also in the Upscale output\.$/);

  fake.script("Copy Link");
  await showFailure(report, all);
  expect(fake.clipboard).toBe(link);
});

test("keys are masked in the message", async () => {
  await showFailure(failureReport(new InputError("AUTH", "key secret-key refused"), { billed: false }), all);
  expect(fake.messages("error")[0]?.text).toBe("Upscale: key *** refused");
});

test("no Resume for a task GPTunnel does not know: resuming it could never work", async () => {
  const fakeApis = await startFakeApis();
  try {
    const client = createMidjourneyClient({ apiKey: fakeApis.keys.gptunnel, baseUrl: fakeApis.gptunnelUrl });
    const error = await resumeMidjourneyTask(client, "0123456789abcdef01234567").catch((reason: unknown) => reason);
    expect(error).toMatchObject({ taskId: "0123456789abcdef01234567" });
    expect(buttons(error)).not.toContain("Resume");
  } finally {
    await fakeApis.close();
  }
});
