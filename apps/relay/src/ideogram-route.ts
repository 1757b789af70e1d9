import { IDEOGRAM_CALLS, IDEOGRAM_MAX_IMAGE_BYTES, IDEOGRAM_UPSCALE_PATH } from "@upscale/core/vendor-facts";
import { authorize } from "./client-credential.js";
import { forwardAnswer } from "./forward-answer.js";
import { sendUpload, streamedUpload, type UploadRules, uploadRefusal } from "./multipart-upload.js";
import { publicOrigin, type RelayHonoContext, type RelayServices } from "./relay-context.js";

/**
 * `POST /ideogram/upscale` (relay style, `Authorization: Bearer`) → Ideogram's legacy `POST /upscale` (`Api-Key`).
 * The multipart body is streamed through as it arrives, never held whole, and cut off the moment it passes the
 * limit. It quotes nothing, so in team mode it takes one of the token's daily paid calls.
 */
export async function ideogramUpscale(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const rules: UploadRules = {
    limitBytes: services.config.limits.uploadBytes,
    imageBytes: IDEOGRAM_MAX_IMAGE_BYTES,
    fields: "image_file and image_request",
  };
  const refusal = uploadRefusal(c, rules);
  if (refusal !== undefined) return refusal;
  const auth = await authorize(services, c, "ideogram", IDEOGRAM_CALLS.upscale.billed === "yes");
  if (!auth.ok) return auth.response;
  const sent = await sendUpload(
    services,
    c,
    {
      url: `${services.config.ideogramUrl}${IDEOGRAM_UPSCALE_PATH}`,
      upstreamHeaders: auth.upstreamHeaders,
      body: streamedUpload(c, rules),
    },
    rules,
  );
  // Cut off mid-upload, Ideogram got no complete request; a 4xx is Ideogram refusing the call. Neither was
  // charged, so the budget gets its unit back. A timeout may have been charged, so it keeps it.
  if (!sent.ok) {
    if (sent.tooLarge) await auth.release();
    return sent.response;
  }
  if (sent.answer.response.status >= 400 && sent.answer.response.status < 500) await auth.release();
  return forwardAnswer(services, "ideogram", sent.answer, publicOrigin(services, c));
}
