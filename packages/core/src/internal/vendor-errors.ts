import type { UpscaleErrorCode } from "../outcome/errors.js";
import { parseJson } from "./parse-json.js";

/**
 * Vendor-error mapping: what a server's error answer means, as an error code. A vendor's own error type decides
 * by meaning; then the statuses that mean something else at this server; then the usual meaning of the status.
 */

export interface VendorErrorDetail {
  message?: string;
  type?: string;
}

/** How one server talks about its errors, and what a user of it should do about each. */
export interface VendorProfile {
  /** Used in messages: "GPTunnel", "Ideogram", an image host's name. */
  name: string;
  /** Vendor-specific advice that replaces the generic one for a code. */
  advice?: Partial<Record<UpscaleErrorCode, string>>;
  /** For calls that charge: where to look for the possibly created, possibly billed work. */
  chargeCheck?: string;
  /** Error types in the vendor's error body that decide the code by meaning, whatever the status. */
  errorTypes?: Readonly<Record<string, UpscaleErrorCode>>;
  /** Statuses that mean something else at this server than at most (Ideogram's 422 is a safety verdict). */
  statusCodes?: Readonly<Partial<Record<number, UpscaleErrorCode>>>;
  /** Message and type from a parsed error body, or `undefined` when it is not this vendor's error shape. */
  readError?: (body: unknown) => VendorErrorDetail | undefined;
}

const STATUS_CODES: Readonly<Record<number, UpscaleErrorCode>> = {
  400: "INVALID_REQUEST",
  401: "AUTH",
  402: "INSUFFICIENT_BALANCE",
  403: "AUTH",
  404: "NOT_FOUND",
  408: "SERVER_ERROR",
  410: "NOT_FOUND",
  413: "IMAGE_TOO_LARGE",
  429: "RATE_LIMITED",
};

/** The vendor's error message and type from a response body, when the body is its error shape. */
export function readVendorError(body: Uint8Array, vendor: VendorProfile): VendorErrorDetail | undefined {
  const json = parseJson(body);
  return json === undefined ? undefined : vendor.readError?.(json.value);
}

/** The code the vendor's error type stands for, if the vendor names one the profile knows. */
export function codeForVendorType(detail: VendorErrorDetail | undefined, vendor: VendorProfile) {
  return detail?.type === undefined ? undefined : vendor.errorTypes?.[detail.type];
}

/** The code for an error answer with `status` and (maybe) the vendor's `detail`. */
export function codeForErrorAnswer(
  status: number,
  detail: VendorErrorDetail | undefined,
  vendor: VendorProfile,
): UpscaleErrorCode {
  const known = codeForVendorType(detail, vendor) ?? vendor.statusCodes?.[status] ?? STATUS_CODES[status];
  if (known !== undefined) return known;
  if (status >= 500 && status <= 599) return "SERVER_ERROR";
  if (status >= 400 && status <= 499) return "INVALID_REQUEST";
  return "BAD_RESPONSE";
}
