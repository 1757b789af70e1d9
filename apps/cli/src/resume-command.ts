/** The command that finishes these Midjourney tasks without a new charge. */
export function resumeCommand(taskIds: readonly string[]): string {
  return `upscale midjourney resume ${taskIds.join(" ")}`;
}
