import type { ZodType } from "zod";
import type { HttpResponse } from "../http/transport.js";
import type { ApiRequest, SendContext } from "./api-request.js";
import { parseJson } from "./parse-json.js";
import { answerError, badResponse } from "./request-errors.js";
import { codeForVendorType } from "./vendor-errors.js";

/**
 * The 2xx body parsed with `schema`. A body that is the vendor's error shape becomes that error (some APIs
 * answer 200 with an error); anything else unreadable is BAD_RESPONSE.
 */
export function parseJsonResponse<T>(
  response: HttpResponse,
  schema: ZodType<T>,
  request: ApiRequest,
  context: SendContext,
): T {
  const json = parseJson(response.body);
  if (json === undefined) return badResponse(response, request, context, "the body is not JSON");
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return parsed.data;
  const detail = context.vendor.readError?.(json.value);
  if (detail !== undefined) {
    throw answerError(codeForVendorType(detail, context.vendor) ?? "BAD_RESPONSE", response, request, context, {
      detail,
    });
  }
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  return badResponse(response, request, context, `unexpected content${where}: ${issue?.message ?? "invalid"}`);
}
