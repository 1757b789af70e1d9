import type { IdeogramAuth, RemoteOptions } from "./parse-args.js";
import type { ResumeHint } from "./reporter.js";

/** `upscale midjourney resume <ids>`: finishes those tasks without a new charge. */
export const MIDJOURNEY_RESUME: ResumeHint = {
  noun: "Midjourney task",
  command: (taskIds) => `upscale midjourney resume ${taskIds.join(" ")}`,
};

/**
 * `upscale resume --provider ideogram`, with the base URL and auth style this run used (never the key), so the
 * command reaches the same API or relay. It finishes every unfinished generation, these among them.
 */
export function ideogramResume(remote: RemoteOptions, auth: IdeogramAuth): ResumeHint {
  const flags = ["--provider", "ideogram"];
  if (remote.baseUrl !== undefined) flags.push("--base-url", shellWord(remote.baseUrl));
  if (auth === "bearer") flags.push("--auth", "bearer");
  return { noun: "Ideogram generation", command: () => `upscale resume ${flags.join(" ")}` };
}

/** A word a POSIX shell reads back as it is: quoted when it holds anything but safe characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
