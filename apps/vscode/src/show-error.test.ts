import {
  createMidjourneyClient,
  InputError,
  NetworkError,
  resumeMidjourneyTask,
  TaskError,
  UpscaleError,
} from "@upscale/core";
import { startFakeApis } from "@upscale/fake-apis";
import { expect, test } from "vitest";
import { errorButtons } from "./show-error.js";

const all = { setApiKey: () => 0, retry: () => 0, resume: () => 0, secrets: [] };

test("each error offers what the user can do next", () => {
  expect(errorButtons(new InputError("AUTH", "no key"), all)).toEqual(["Set API Key", "Open Settings"]);
  expect(errorButtons(new UpscaleError("SERVER_ERROR", "503"), all)).toEqual(["Retry"]);
  expect(errorButtons(new TaskError("TIMEOUT", "slow", { taskId: "t" }), all)).toEqual(["Resume"]);
  expect(errorButtons(new TaskError("TASK_FAILED", "failed", { taskId: "t" }), all)).toEqual([]);
  expect(errorButtons(new InputError("INVALID_REQUEST", "bad url"), all)).toEqual(["Open Settings"]);
  expect(errorButtons(new Error("unexpected"), all)).toEqual([]);
});

test("a charged call that may have reached the vendor is not offered again blindly", () => {
  expect(errorButtons(new NetworkError("reset", { mayHaveReachedServer: true }), all)).toEqual([]);
  expect(errorButtons(new NetworkError("refused", { mayHaveReachedServer: false }), all)).toEqual(["Retry"]);
});

test("no button without its action", () => {
  expect(errorButtons(new InputError("AUTH", "no key"), { secrets: [] })).toEqual(["Open Settings"]);
});

test("no Resume for a task GPTunnel does not know: resuming it could never work", async () => {
  const fakeApis = await startFakeApis();
  try {
    const client = createMidjourneyClient({ apiKey: fakeApis.keys.gptunnel, baseUrl: fakeApis.gptunnelUrl });
    const error = await resumeMidjourneyTask(client, "0123456789abcdef01234567").catch((reason: unknown) => reason);
    expect(error).toMatchObject({ taskId: "0123456789abcdef01234567" });
    expect(errorButtons(error, all)).not.toContain("Resume");
  } finally {
    await fakeApis.close();
  }
});
