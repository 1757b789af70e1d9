import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";

// Test images the apps' suites share (what a vendor receives and what a result keeps, read by exiftool). Needs the
// exiftool command (Debian: libimage-exiftool-perl), as those suites do.

/**
 * A portrait phone photo as cameras store it: 60×40 pixels on their side (red in the stored top-left corner, the
 * rest blue) with EXIF Orientation 6 to show them 40×60, a GPS position, camera, serial number and artist, and XMP —
 * written by exiftool, an independent writer.
 */
export async function phonePhoto(): Promise<Uint8Array> {
  const red = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();
  const stored = await sharp({ create: { width: 60, height: 40, channels: 3, background: "#0000ff" } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 95 })
    .toBuffer();
  return withTempFile(stored, async (path) => {
    await run("exiftool", [
      "-overwrite_original",
      "-Orientation#=6",
      "-GPSLatitude=48.8584",
      "-GPSLatitudeRef=N",
      "-GPSLongitude=2.2945",
      "-GPSLongitudeRef=E",
      "-Make=PhoneMaker",
      "-SerialNumber=SN-12345",
      "-Artist=Jane Doe",
      "-XMP-dc:Creator=Jane Doe",
      path,
    ]);
    return new Uint8Array(await readFile(path));
  });
}

/** The personal tags {@link phonePhoto} carries, as exiftool names them. */
export const PERSONAL_TAGS = ["GPS:GPSLatitude", "IFD0:Artist", "IFD0:Make", "ExifIFD:SerialNumber", "XMP-dc:Creator"];

/** Every tag exiftool (an independent reader) finds, as `Group:Tag`, values numeric. */
export function exifTags(bytes: Uint8Array): Promise<Record<string, unknown>> {
  return withTempFile(bytes, async (path) => {
    const [tags] = JSON.parse(await run("exiftool", ["-json", "-G1", "-n", path])) as Record<string, unknown>[];
    return tags ?? {};
  });
}

/** The image's size as decoded (no orientation applied) and which of its corners are red. */
export async function redCorners(bytes: Uint8Array): Promise<{ width: number; height: number; red: string[] }> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const isRed = ([x, y]: [number, number]) => {
    const at = (y * info.width + x) * info.channels;
    return (data[at] ?? 0) > 180 && (data[at + 2] ?? 255) < 80;
  };
  const corners: [string, [number, number]][] = [
    ["top-left", [4, 4]],
    ["top-right", [info.width - 5, 4]],
    ["bottom-left", [4, info.height - 5]],
    ["bottom-right", [info.width - 5, info.height - 5]],
  ];
  return { width: info.width, height: info.height, red: corners.filter(([, at]) => isRed(at)).map(([name]) => name) };
}

async function withTempFile<T>(bytes: Uint8Array, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "upscale-test-image-"));
  try {
    const path = join(dir, "image");
    await writeFile(path, bytes);
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, (error, stdout) => (error === null ? resolve(stdout) : reject(error))),
  );
}
