import { isUpscaleError } from "@upscale/core";
import type { NextStep } from "../shared/messages.js";

/** What the user can do about a failure: set the key, try again, or (no button) read the message. */
export function nextStepFor(error: unknown): NextStep | undefined {
  if (!isUpscaleError(error)) return "retry";
  switch (error.code) {
    case "AUTH":
      return "set-key";
    case "NETWORK":
    case "SERVER_ERROR":
    case "RATE_LIMITED":
    case "TIMEOUT":
    case "BAD_RESPONSE":
    case "INSUFFICIENT_BALANCE":
      return "retry";
    default:
      return undefined;
  }
}

/** A message fit to show: an UpscaleError's own words, or a plain description of anything else. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message !== "") return error.message;
  return `Something went wrong: ${String(error)}`;
}
