import type { CodecReply, CodecRequest } from "../shared/messages.js";

/**
 * The canvas side of the core's `ImageCodec` port: decodes whatever Chromium can (WebP, GIF, PNG, JPEG) with its
 * EXIF orientation applied, draws it at the requested size with high-quality smoothing, and encodes it as the
 * requested type (a GIF as PNG: no canvas encodes GIF). Figma's main thread has no decoder, so every conversion
 * (WebP → PNG, fitting to 4096 px, turning a photo upright for a vendor) happens here. Nothing of the input's
 * metadata survives a canvas: the core writes back what a result keeps.
 */
export async function transformOnCanvas(request: CodecRequest): Promise<CodecReply> {
  try {
    const bitmap = await createImageBitmap(new Blob([request.bytes as BlobPart]), { imageOrientation: "from-image" });
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
    // A browser that cannot encode the type gives PNG instead: the core checks the type it gets.
    const type = request.mimeType === "image/gif" ? "image/png" : request.mimeType;
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, JPEG_QUALITY));
    if (blob === null) throw new Error(`the canvas could not encode ${type}`);
    return { id: request.id, bytes: new Uint8Array(await blob.arrayBuffer()) };
  } catch (error) {
    const what = request.upright === true ? "turned upright" : "converted";
    return { id: request.id, error: `The image could not be ${what}: ${(error as Error).message}` };
  }
}

/** Close to what cameras and exporters write, so a photo turned upright loses little. */
const JPEG_QUALITY = 0.92;
