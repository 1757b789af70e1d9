import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Image } from "../figma-types.js";
import { readImageHeader } from "./image-header.js";
import { isUint8Array, type RealmRef } from "./realm.js";
import type { ViolationLog } from "./violations.js";

/** Figma's limit on each side of an image it stores. */
export const MAX_IMAGE_SIDE = 4096;

export interface StoredImage {
  readonly hash: string;
  readonly bytes: Uint8Array;
  readonly format: "png" | "jpeg" | "gif";
  readonly width: number;
  readonly height: number;
}

/** What sharp reads from a stored image: tests use it to check that a fill points at the expected picture. */
export interface ImageDetails {
  hash: string;
  format: string;
  width: number;
  height: number;
  channels: number;
  hasAlpha: boolean;
  byteLength: number;
}

/**
 * Images by hash. Figma's `imageHash` is the SHA-1 of the file, so the same bytes give the same hash and one
 * image shared by several paints stays one image. A hash can be made to vanish (`forget`) to reproduce
 * `getImageByHash` returning null for paints that still name it.
 */
export class ImageStore {
  private readonly images = new Map<string, StoredImage>();
  private readonly forgotten = new Set<string>();
  private readonly decodeChecks: Promise<void>[] = [];

  constructor(
    private readonly realm: RealmRef,
    private readonly violations: ViolationLog,
  ) {}

  create(bytes: unknown): StoredImage {
    if (!isUint8Array(bytes)) throw this.realm.typeError("in createImage: Expected Uint8Array");
    const header = readImageHeader(bytes);
    if (!header || header.format === "webp") throw this.realm.error("in createImage: Image type is unsupported");
    if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) {
      throw this.realm.error("in createImage: Image is too large");
    }
    if (header.width === 0 || header.height === 0) throw this.realm.error("in createImage: Image type is unsupported");
    const copy = Uint8Array.from(bytes);
    const hash = createHash("sha1").update(copy).digest("hex");
    this.forgotten.delete(hash);
    const existing = this.images.get(hash);
    if (existing) return existing;
    const stored: StoredImage = {
      hash,
      bytes: copy,
      format: header.format,
      width: header.width,
      height: header.height,
    };
    this.images.set(hash, stored);
    this.decodeChecks.push(this.checkDecodes(stored));
    return stored;
  }

  /** A valid header on a truncated or corrupt body passes Figma's call but shows a broken image: report it. */
  private async checkDecodes(image: StoredImage): Promise<void> {
    try {
      await sharp(image.bytes, { failOn: "error" }).raw().toBuffer();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.violations.report(
        "image-undecodable",
        `createImage got ${image.format} bytes that do not decode: ${reason}`,
        false,
      );
    }
  }

  /** Resolves when every decode check started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.decodeChecks);
  }

  /** What `getImageByHash` sees: null for an unknown or forgotten hash. */
  find(hash: string): StoredImage | undefined {
    return this.forgotten.has(hash) ? undefined : this.images.get(hash);
  }

  /** Whether paints may name this hash (a forgotten image is still a known hash, as in a real file). */
  isKnown(hash: string): boolean {
    return this.images.has(hash);
  }

  forget(hash: string): void {
    this.forgotten.add(hash);
  }

  all(): StoredImage[] {
    return [...this.images.values()];
  }

  /** The `Image` handle plugin code gets. */
  handle(image: StoredImage): Image {
    const realm = this.realm;
    return Object.freeze({
      hash: image.hash,
      getBytesAsync: async () => realm.bytes(image.bytes),
      getSizeAsync: async () => {
        const { width, height } = await measure(image.bytes);
        return { width, height };
      },
    });
  }

  async details(hash: string): Promise<ImageDetails> {
    const image = this.images.get(hash);
    if (!image) throw new Error(`figma-harness: no image with hash ${hash}`);
    const metadata = await measure(image.bytes);
    return { hash, byteLength: image.bytes.byteLength, ...metadata };
  }
}

async function measure(bytes: Uint8Array) {
  const metadata = await sharp(bytes).metadata();
  return {
    format: metadata.format,
    width: metadata.width,
    height: metadata.height,
    channels: metadata.channels,
    hasAlpha: metadata.hasAlpha,
  };
}
