import { jsonReply, type Reply } from "./http-reply.js";

/** Unconfirmed for GPTunnel (the docs give only the body); 401 is the obvious guess, kept in one place. */
export const UNAUTHORIZED_STATUS = 401;

/** The documented error types, by status; the others follow OpenAI, whose body shape GPTunnel copies. */
function errorType(status: number): string {
  if (status === UNAUTHORIZED_STATUS || status === 403) return "unauthorized_request_error";
  if (status === 402) return "insufficient_balance_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** GPTunnel's OpenAI-style error body: `{ error: { message, type, param: null, code: null } }`. */
export function gptunnelError(status: number, message: string, headers?: Record<string, string>): Reply {
  return jsonReply(status, { error: { message, type: errorType(status), param: null, code: null } }, headers);
}

export const INSUFFICIENT_BALANCE_MESSAGE = "Organization balance is too low to use API";
