import { GPTUNNEL_ERRORS, gptunnelErrorBody, gptunnelErrorType } from "@upscale/core/vendor-facts";
import { jsonReply, type Reply } from "./http-reply.js";

/** The documented error types, by status; the others follow OpenAI, whose body shape GPTunnel copies. */
function errorType(status: number): string {
  const documented = gptunnelErrorType(status);
  if (documented !== undefined) return documented;
  if (status === 403) return GPTUNNEL_ERRORS.unauthorized.type;
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return GPTUNNEL_ERRORS.invalidRequest.type;
}

export function gptunnelError(status: number, message: string, headers?: Record<string, string>): Reply {
  return jsonReply(status, gptunnelErrorBody(message, errorType(status)), headers);
}
