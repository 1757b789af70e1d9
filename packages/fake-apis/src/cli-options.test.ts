import { describe, expect, it } from "vitest";
import { parseCliOptions, withScenarioFile } from "./cli-options.js";

describe("parseCliOptions", () => {
  it("maps every flag onto startFakeApis options", () => {
    const command = parseCliOptions([
      "--port=8080",
      "--images-port",
      "8081",
      "--task-duration",
      "500",
      "--running-status",
      "processing",
      "--balance",
      "3",
      "--image-ttl",
      "1000",
      "--gptunnel-key",
      "g",
      "--ideogram-key",
      "i",
      "--generation-duration",
      "200",
      "--scenario",
      "demo.json",
      "--quiet",
    ]);
    expect(command).toEqual({
      kind: "run",
      quiet: true,
      scenarioFile: "demo.json",
      options: {
        port: 8080,
        imagesPort: 8081,
        keys: { gptunnel: "g", ideogram: "i" },
        scenario: {
          balance: 3,
          task: { durationMs: 500, runningStatus: "processing" },
          images: { ttlMs: 1000 },
          ideogram: { generationMs: 200 },
        },
      },
    });
  });

  it("leaves everything to the defaults without flags", () => {
    expect(parseCliOptions([])).toEqual({ kind: "run", quiet: false, options: { keys: {}, scenario: { task: {} } } });
  });

  it("answers --help", () => {
    expect(parseCliOptions(["--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [["--port", "http"], /--port takes a whole number/],
    [["--port", "70000"], /--port takes a whole number from 0 to 65535/],
    [["--task-duration", "-1"], /--task-duration/],
    [["--balance", "1.5"], /--balance/],
    [["--colour"], /Unknown option '--colour'/],
  ])("rejects %j, naming the flag", (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(message);
  });
});

describe("withScenarioFile", () => {
  it("puts the flags on top of the file, section by section", () => {
    const file = {
      faults: [{ endpoint: "upscale-v2", fault: { kind: "generation-fails" } }],
      ideogram: { generationMs: 5000, inflightLimit: 3 },
      account: { balance: -5 },
    };
    expect(withScenarioFile({ task: {}, ideogram: { generationMs: 200 } }, file)).toEqual({
      faults: file.faults,
      task: {},
      ideogram: { generationMs: 200, inflightLimit: 3 },
      account: { balance: -5 },
    });
  });

  it("refuses a file that is not one object", () => {
    expect(() => withScenarioFile({}, [1])).toThrow(/one object/);
    expect(() => withScenarioFile({}, null)).toThrow(/one object/);
  });
});
