import type { UpscaleProgress } from "./provider.js";

/** How a provider is named in progress words. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  ideogram: "Ideogram",
  midjourney: "Midjourney",
  local: "this computer",
};

/** A provider's name for people: "Ideogram" for `ideogram`; an unknown id as it is. */
export function providerName(providerId: string): string {
  return PROVIDER_NAMES[providerId] ?? providerId;
}

/** A stage in words, the same in every app ("processing" means nothing to a designer). */
export function stageWords(progress: Pick<UpscaleProgress, "stage">, providerName: string): string {
  switch (progress.stage) {
    case "submitting":
      return `sending to ${providerName}`;
    case "processing":
      return `${providerName} is upscaling it`;
    case "waiting":
      return `${providerName} is working on it`;
    case "downloading":
      return "downloading the result";
    case "done":
      return "done";
  }
}
