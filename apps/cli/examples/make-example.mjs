// Renders the bundled example image, lighthouse.png: a lighthouse on a headland at dusk, drawn procedurally
// (our own SVG, rasterised by sharp), so the project ships no third-party pictures. Gradients, hard edges and
// fine detail give every upscaler something to show. Run: node apps/cli/examples/make-example.mjs
import { createRequire } from "node:module";

// sharp comes from the offline provider's package, which depends on it.
const sharp = createRequire(new URL("../../../packages/local/package.json", import.meta.url))("sharp");

const WIDTH = 320;
const HEIGHT = 240;
const HORIZON = 150;
const OUTPUT = new URL("./lighthouse.png", import.meta.url);

/** Deterministic, so re-running the script reproduces the committed file. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = seededRandom(7);

const round = (value) => Math.round(value * 10) / 10;

function stars() {
  return Array.from({ length: 40 }, () => {
    const [x, y] = [random() * WIDTH, random() * 70];
    const r = 0.3 + random() * 0.6;
    return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(r)}" fill="#fff" opacity="${round(0.4 + random() * 0.6)}"/>`;
  }).join("");
}

/** Wavy highlight lines on the sea, denser and brighter towards the viewer. */
function waves() {
  const lines = [];
  for (let row = 0; row < 18; row++) {
    const y = HORIZON + 4 + row ** 1.6 * 0.9;
    const amplitude = 0.4 + row * 0.08;
    let d = `M 0 ${round(y)}`;
    for (let x = 0; x <= WIDTH; x += 8) d += ` L ${x} ${round(y + Math.sin(x / (6 + row) + row) * amplitude)}`;
    lines.push(
      `<path d="${d}" fill="none" stroke="#ffd9a8" stroke-width="${round(0.4 + row * 0.05)}" opacity="${round(0.12 + row * 0.02)}"/>`,
    );
  }
  return lines.join("");
}

/** The sun's reflection: short bright dashes scattered under it. */
function glitter() {
  return Array.from({ length: 60 }, () => {
    const y = HORIZON + 2 + random() * 80;
    const spread = 6 + (y - HORIZON) * 0.5;
    const x = 95 + (random() - 0.5) * spread * 2;
    const w = 2 + random() * 8;
    return `<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="0.9" fill="#ffe7b0" opacity="${round(0.3 + random() * 0.6)}"/>`;
  }).join("");
}

function birds() {
  return [
    [150, 62, 1],
    [162, 55, 0.8],
    [141, 52, 0.7],
  ]
    .map(
      ([x, y, s]) =>
        `<path d="M ${x - 5 * s} ${y - 2 * s} Q ${x - 2 * s} ${y - 3 * s} ${x} ${y} Q ${x + 2 * s} ${y - 3 * s} ${x + 5 * s} ${y - 2 * s}" fill="none" stroke="#2a1e2e" stroke-width="1"/>`,
    )
    .join("");
}

// The tower: a tapered trunk clipped into red and white bands.
const tower = { x: 247, top: 58, base: 132, halfTop: 8, halfBase: 13 };
const trunk = `M ${tower.x - tower.halfBase} ${tower.base} L ${tower.x - tower.halfTop} ${tower.top} L ${tower.x + tower.halfTop} ${tower.top} L ${tower.x + tower.halfBase} ${tower.base} Z`;
const bands = Array.from({ length: 4 }, (_, i) => {
  const y = tower.top + 6 + i * 19;
  return `<rect x="${tower.x - 20}" y="${y}" width="40" height="9" fill="#c62f2f"/>`;
}).join("");

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#141a3c"/><stop offset="0.45" stop-color="#5b3a6e"/>
      <stop offset="0.8" stop-color="#e0795a"/><stop offset="1" stop-color="#ffc77a"/>
    </linearGradient>
    <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#fff6d8"/><stop offset="0.35" stop-color="#ffd27a"/>
      <stop offset="1" stop-color="#ff9a5a" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#6a4a6e"/><stop offset="0.3" stop-color="#2d3560"/><stop offset="1" stop-color="#0d1430"/>
    </linearGradient>
    <linearGradient id="rock" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#3b2f3a"/><stop offset="1" stop-color="#15111a"/>
    </linearGradient>
    <linearGradient id="beam" x1="1" y1="0" x2="0" y2="0">
      <stop offset="0" stop-color="#fff3b0" stop-opacity="0.55"/><stop offset="1" stop-color="#fff3b0" stop-opacity="0"/>
    </linearGradient>
    <radialGradient id="lamp" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#fffbe0"/><stop offset="0.5" stop-color="#ffe680" stop-opacity="0.8"/>
      <stop offset="1" stop-color="#ffd24a" stop-opacity="0"/>
    </radialGradient>
    <clipPath id="trunk"><path d="${trunk}"/></clipPath>
  </defs>

  <rect width="${WIDTH}" height="${HORIZON}" fill="url(#sky)"/>
  ${stars()}
  <ellipse cx="70" cy="95" rx="55" ry="5" fill="#f4a27a" opacity="0.35"/>
  <ellipse cx="200" cy="110" rx="70" ry="4" fill="#ffc79a" opacity="0.3"/>
  <circle cx="100" cy="${HORIZON}" r="34" fill="url(#sun)"/>
  <circle cx="100" cy="${HORIZON}" r="13" fill="#fff1c4"/>
  <path d="M 0 ${HORIZON} L 0 141 Q 18 133 34 139 Q 48 130 62 140 L 70 ${HORIZON} Z" fill="#3e2c46"/>
  ${birds()}

  <rect y="${HORIZON}" width="${WIDTH}" height="${HEIGHT - HORIZON}" fill="url(#sea)"/>
  ${waves()}
  ${glitter()}

  <path d="M ${tower.x} ${tower.top - 8} L 0 24 L 0 70 Z" fill="url(#beam)"/>
  <path d="M 150 ${HEIGHT} L 178 170 Q 200 138 222 134 L 272 130 Q 300 136 320 128 L 320 ${HEIGHT} Z" fill="url(#rock)"/>
  <path d="M 150 ${HEIGHT} L 178 170 Q 200 138 222 134" fill="none" stroke="#ffe2c4" stroke-width="2" opacity="0.5"/>
  <path d="M 146 ${HEIGHT} Q 160 214 170 184 Q 176 170 184 160" fill="none" stroke="#fff" stroke-width="1" stroke-dasharray="3 2" opacity="0.45"/>

  <path d="${trunk}" fill="#f3efe6"/>
  <g clip-path="url(#trunk)">${bands}<rect x="${tower.x}" y="${tower.top}" width="20" height="80" fill="#000" opacity="0.18"/></g>
  <rect x="${tower.x - 3}" y="112" width="6" height="11" rx="3" fill="#2b2230"/>
  <rect x="${tower.x - 12}" y="${tower.top - 2}" width="24" height="3" fill="#2b2230"/>
  <rect x="${tower.x - 6}" y="${tower.top - 13}" width="12" height="11" fill="#ffe680"/>
  <path d="M ${tower.x - 6} ${tower.top - 13} v 11 M ${tower.x} ${tower.top - 13} v 11 M ${tower.x + 6} ${tower.top - 13} v 11" stroke="#2b2230" stroke-width="1"/>
  <circle cx="${tower.x}" cy="${tower.top - 8}" r="16" fill="url(#lamp)"/>
  <path d="M ${tower.x - 9} ${tower.top - 13} L ${tower.x} ${tower.top - 22} L ${tower.x + 9} ${tower.top - 13} Z" fill="#2b2230"/>
  <rect x="${tower.x - 0.75}" y="${tower.top - 27}" width="1.5" height="6" fill="#2b2230"/>
  <path d="M 262 132 h 18 v -9 l -9 -6 l -9 6 Z" fill="#e8e1d4"/><rect x="268" y="125" width="4" height="5" fill="#ffd27a"/>
</svg>`;

const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile(OUTPUT.pathname);
console.log(`wrote ${OUTPUT.pathname}: ${png.width}×${png.height}, ${Math.round(png.size / 1024)} KB`);
