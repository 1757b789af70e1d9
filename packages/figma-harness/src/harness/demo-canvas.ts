import sharp from "sharp";
import type { FigmaFake } from "../fake/create-figma-fake.js";
import type { EllipseNode, FrameNode, RectangleNode, SceneNode, TextNode } from "../figma-types.js";

export interface DemoCanvas {
  /** Layers by role, for tests and docs. */
  nodes: {
    poster: FrameNode;
    photo: RectangleNode;
    photoAgain: EllipseNode;
    pattern: FrameNode;
    cropped: RectangleNode;
    title: TextNode;
    group: SceneNode;
  };
  /** Image hashes: `landscape` is shared by `photo` and `photoAgain`. */
  images: { landscape: string; tile: string; portrait: string };
}

/** A small, deliberately low-resolution landscape (SVG rendered by sharp): upscaling it visibly matters. */
const LANDSCAPE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="100">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b4c9b"/><stop offset="1" stop-color="#f6b26b"/></linearGradient></defs>
  <rect width="160" height="100" fill="url(#sky)"/>
  <circle cx="118" cy="38" r="14" fill="#ffe599"/>
  <path d="M0 80 L40 48 L70 72 L100 40 L160 84 L160 100 L0 100 Z" fill="#274e13"/>
  <path d="M0 92 Q80 70 160 94 L160 100 L0 100 Z" fill="#38761d"/>
</svg>`;

/** A transparent tile with a dot and a ring: a TILE fill, and alpha that must survive. */
const TILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32">
  <circle cx="16" cy="16" r="6" fill="#9747ff"/><circle cx="16" cy="16" r="12" fill="none" stroke="#0d99ff" stroke-width="2"/>
</svg>`;

const PORTRAIT_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="90" height="120">
  <rect width="90" height="120" fill="#fce5cd"/><circle cx="45" cy="46" r="22" fill="#e69138"/>
  <rect x="17" y="74" width="56" height="46" rx="20" fill="#3d85c6"/>
</svg>`;

const render = async (svg: string, format: "png" | "jpeg") =>
  new Uint8Array(await sharp(Buffer.from(svg)).toFormat(format).toBuffer());

/**
 * A canvas to try an image plugin on: frames and shapes of several types with image fills (FILL, FIT, CROP,
 * TILE), one image shared by two layers, a text layer with an image in part of its text, a group, a solid.
 */
export async function buildDemoCanvas(fake: FigmaFake): Promise<DemoCanvas> {
  const [landscapeBytes, tileBytes, portraitBytes] = await Promise.all([
    render(LANDSCAPE_SVG, "png"),
    render(TILE_SVG, "png"),
    render(PORTRAIT_SVG, "jpeg"),
  ]);
  const landscape = fake.addImage(landscapeBytes);
  const tile = fake.addImage(tileBytes);
  const portrait = fake.addImage(portraitBytes);
  const image = (hash: string, scaleMode: "FILL" | "FIT" | "CROP" | "TILE", extra: object = {}) => ({
    type: "IMAGE" as const,
    imageHash: hash,
    scaleMode,
    ...extra,
  });
  const white = { type: "SOLID" as const, color: { r: 1, g: 1, b: 1 } };

  const poster = fake.create("FRAME", { name: "Poster", x: 0, y: 0, width: 420, height: 300, fills: [white] });
  const photo = fake.create("RECTANGLE", {
    name: "Photo",
    parent: poster,
    x: 20,
    y: 20,
    width: 240,
    height: 150,
    fills: [image(landscape, "FILL", { filters: { exposure: 0.1, saturation: 0.2 } })],
  });
  const photoAgain = fake.create("ELLIPSE", {
    name: "Photo again (same image)",
    parent: poster,
    x: 280,
    y: 30,
    width: 120,
    height: 120,
    fills: [{ type: "SOLID", color: { r: 0.95, g: 0.95, b: 0.95 } }, image(landscape, "FIT", { opacity: 0.9 })],
  });
  const title = fake.create("TEXT", {
    name: "Title",
    parent: poster,
    x: 20,
    y: 200,
    width: 380,
    height: 60,
    characters: "Sunset hills",
    fills: [{ type: "SOLID", color: { r: 0.1, g: 0.1, b: 0.1 } }],
    rangeFills: [{ start: 7, end: 12, fills: [image(landscape, "FILL")] }],
  });
  const pattern = fake.create("FRAME", {
    name: "Pattern (TILE)",
    x: 460,
    y: 0,
    width: 240,
    height: 140,
    fills: [{ type: "SOLID", color: { r: 0.96, g: 0.96, b: 1 } }, image(tile, "TILE", { scalingFactor: 1 })],
  });
  const cropped = fake.create("RECTANGLE", {
    name: "Portrait (CROP)",
    x: 460,
    y: 170,
    width: 100,
    height: 130,
    fills: [
      image(portrait, "CROP", {
        imageTransform: [
          [0.8, 0, 0.1],
          [0, 0.8, 0.05],
        ],
      }),
    ],
  });
  const star = fake.create("STAR", {
    name: "Star",
    x: 600,
    y: 170,
    width: 100,
    height: 100,
    fills: [image(portrait, "FILL")],
  });
  const badge = fake.create("RECTANGLE", {
    name: "Solid badge",
    x: 600,
    y: 280,
    width: 100,
    height: 20,
    fills: [{ type: "SOLID", color: { r: 0.05, g: 0.6, b: 1 } }],
  });
  // The user's drawing, not the plugin's work: kept out of the undo history like every layer above.
  const group = fake.document.journal.withoutRecording(() => {
    const made = fake.figma.group([star, badge], fake.figma.currentPage);
    made.name = "Group";
    return made;
  });
  fake.figma.viewport.center = { x: 350, y: 150 };
  return {
    nodes: { poster, photo, photoAgain, pattern, cropped, title, group },
    images: { landscape, tile, portrait },
  };
}
