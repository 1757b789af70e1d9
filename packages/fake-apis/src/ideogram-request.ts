/**
 * Ideogram's `POST /upscale` form, parsed for real (undici's RFC 7578 parser, the one behind `fetch`) and
 * checked against the documented rules. A problem comes back as a sentence naming the field.
 */
import { IDEOGRAM_MAX_IMAGE_BYTES } from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";

/** Room for the form's other parts and boundaries around a maximal image. */
export const MAX_FORM_BYTES = IDEOGRAM_MAX_IMAGE_BYTES + 1024 * 1024;

/** The limit as people write it: "10 MB". */
export const MAX_IMAGE_MB = `${IDEOGRAM_MAX_IMAGE_BYTES / 1024 / 1024} MB`;

export interface UpscaleRequestFields {
  prompt?: string;
  resemblance?: number;
  detail?: number;
  magic_prompt_option?: "AUTO" | "ON" | "OFF";
  num_images?: number;
  seed?: number;
}

export interface UpscaleForm {
  image: Buffer;
  request: UpscaleRequestFields;
}

export async function parseUpscaleForm(contentType: string | undefined, body: Buffer): Promise<Checked<UpscaleForm>> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) {
    return fail("Send multipart/form-data with the parts image_file and image_request.");
  }
  const parsed = await readMultipart(contentType, body);
  if (!parsed.ok) return parsed;
  const form = parsed.value;
  const file = form.get("image_file");
  if (file === null || typeof file === "string") return fail("image_file is required: the image, as a file part.");
  if (file.size > IDEOGRAM_MAX_IMAGE_BYTES) {
    const size = (file.size / 1024 / 1024).toFixed(1);
    return fail(`image_file is ${size} MB: the limit is ${MAX_IMAGE_MB}. Send a smaller image.`);
  }
  const image = Buffer.from(await file.arrayBuffer());
  if (!isSupportedImage(image)) return fail("image_file must be a JPEG, PNG or WebP image (judged by its content).");
  const request = parseImageRequest(form.get("image_request"));
  if (!request.ok) return request;
  return { ok: true, value: { image, request: request.value } };
}

function parseImageRequest(part: unknown): Checked<UpscaleRequestFields> {
  if (typeof part !== "string") return fail("image_request is required: a JSON object, sent as a text part.");
  let value: unknown;
  try {
    value = JSON.parse(part);
  } catch {
    return fail("image_request is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("image_request must be a JSON object.");
  }
  const fields = value as Record<string, unknown>;
  const problem =
    checkOptional(fields, "prompt", (v) => typeof v === "string", "a string") ??
    checkInteger(fields, "resemblance", 1, 100) ??
    checkInteger(fields, "detail", 1, 100) ??
    checkOptional(fields, "magic_prompt_option", (v) => v === "AUTO" || v === "ON" || v === "OFF", "AUTO, ON or OFF") ??
    checkInteger(fields, "num_images", 1, 8) ??
    checkInteger(fields, "seed", 0, 2147483647);
  return problem === undefined ? { ok: true, value: fields as UpscaleRequestFields } : fail(problem);
}

function checkInteger(fields: Record<string, unknown>, name: string, min: number, max: number): string | undefined {
  const inRange = (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  return checkOptional(fields, name, inRange, `a whole number from ${min} to ${max}`);
}

function checkOptional(
  fields: Record<string, unknown>,
  name: string,
  isValid: (value: unknown) => boolean,
  expected: string,
): string | undefined {
  const value = fields[name];
  if (value === undefined || isValid(value)) return undefined;
  return `image_request.${name} must be ${expected}, got ${JSON.stringify(value)}.`;
}

/** The body as parts, parsed like `fetch` does; the caller has checked the content type is multipart. */
export async function readMultipart(contentType: string, body: Buffer): Promise<Checked<FormData>> {
  try {
    const form = await new Request("http://fake.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    }).formData();
    return { ok: true, value: form };
  } catch {
    return fail("The body is not valid multipart/form-data (check the boundary and the part headers).");
  }
}

/** PNG, JPEG or WebP by magic bytes; the file name and part content type are never trusted. */
export function isSupportedImage(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
  const webp = bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP";
  return png || jpeg || webp;
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
