import type { CodecReply, CodecRequest } from "../shared/messages.js";

/**
 * The canvas side of the core's `ImageCodec` port: decodes whatever Chromium can (WebP, GIF, PNG, JPEG),
 * draws it at the requested size with high-quality smoothing, and encodes it as the requested type. Figma's
 * main thread has no decoder, so every conversion (WebP → PNG, fitting to 4096 px) happens here.
 */
export async function transformOnCanvas(request: CodecRequest): Promise<CodecReply> {
  try {
    const bitmap = await createImageBitmap(new Blob([request.bytes as BlobPart]));
    const width = request.width ?? bitmap.width;
    const height = request.height ?? bitmap.height;
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("this browser gave no 2D canvas");
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const type = request.mimeType === "image/jpeg" ? "image/jpeg" : "image/png";
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
    if (blob === null) throw new Error(`the canvas could not encode ${type}`);
    return { id: request.id, bytes: new Uint8Array(await blob.arrayBuffer()) };
  } catch (error) {
    return { id: request.id, error: `The image could not be converted: ${(error as Error).message}` };
  }
}
