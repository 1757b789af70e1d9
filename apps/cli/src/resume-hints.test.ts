import { describe, expect, it } from "vitest";
import { ideogramResume, MIDJOURNEY_RESUME } from "./resume-hints.js";

describe("resume hints", () => {
  it("names the Midjourney tasks to resume", () => {
    expect(MIDJOURNEY_RESUME.command(["a", "b"])).toBe("upscale midjourney resume a b");
  });

  it("reaches the same Ideogram API or relay, quoting what a shell would split, and never names the key", () => {
    const remote = { apiKey: "secret", baseUrl: undefined, deadlineMs: undefined };
    expect(ideogramResume(remote, "api-key").command(["x"])).toBe("upscale resume --provider ideogram");
    const relay = { ...remote, baseUrl: "https://relay.example/ideogram?team=a&b" };
    expect(ideogramResume(relay, "bearer").command([])).toBe(
      "upscale resume --provider ideogram --base-url 'https://relay.example/ideogram?team=a&b' --auth bearer",
    );
    expect(ideogramResume(relay, "bearer").command([])).not.toContain("secret");
  });
});
