/** Gap between a source layer and a layer the plugin puts beside it. */
export const BESIDE_GAP = 40;

/** The page a node is on (with `documentAccess: dynamic-page` it may not be the current page). */
export function pageOf(node: BaseNode): PageNode {
  let current: BaseNode | null = node;
  while (current !== null && current.type !== "PAGE") current = current.parent;
  return current ?? figma.currentPage;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * `box` moved right, past every `taken` box it would cover, so a second result beside the same layer (an
 * upsample, then a variation) lands next to the first instead of on it.
 */
export function freeSpot(taken: readonly Box[], box: Box): Box {
  const spot = Object.assign({}, box);
  for (let moved = true; moved; ) {
    moved = false;
    for (const other of taken) {
      if (overlaps(spot, other)) {
        spot.x = other.x + other.width + BESIDE_GAP;
        moved = true;
      }
    }
  }
  return spot;
}

/** The boxes of a page's top-level layers. */
function takenOn(page: PageNode): Box[] {
  return page.children.map((child) => child.absoluteBoundingBox).filter((box): box is Rect => box !== null);
}

/** Where a layer of `size` goes right of `node`, on its page, clear of what is already there. */
function besideSpot(node: SceneNode, size: { width: number; height: number }): Box {
  const box = node.absoluteBoundingBox ?? { x: node.x, y: node.y, width: node.width, height: node.height };
  return freeSpot(takenOn(pageOf(node)), {
    x: box.x + box.width + BESIDE_GAP,
    y: box.y,
    width: size.width,
    height: size.height,
  });
}

/**
 * A copy of `node` right of it on the same page, in page coordinates — beside a layer inside a clipping frame or
 * a boolean operation it must not be clipped or become part of the shape — with its fills still to be set.
 * Text is cloned (its glyphs are its shape); anything else becomes a rectangle of its size.
 */
export function placeBeside(node: SceneNode, name: string): SceneNode {
  // Found before the copy exists: a new layer is on the page at once.
  const spot = besideSpot(node, node);
  const copy = node.type === "TEXT" ? node.clone() : figma.createRectangle();
  copy.name = name;
  if (copy.type === "RECTANGLE") copy.resize(Math.max(node.width, 0.01), Math.max(node.height, 0.01));
  pageOf(node).appendChild(copy);
  copy.x = spot.x;
  copy.y = spot.y;
  return copy;
}

/**
 * A new image layer at the image's size: at the centre of the viewport, or right of `after` when given — moved
 * right if a layer is already there.
 */
export function placeImage(
  image: Image,
  size: { width: number; height: number },
  name: string,
  after?: SceneNode,
): RectangleNode {
  const page = after === undefined ? figma.currentPage : pageOf(after);
  const { x, y } = figma.viewport.center;
  const spot =
    after === undefined
      ? freeSpot(takenOn(page), { x: Math.round(x - size.width / 2), y: Math.round(y - size.height / 2), ...size })
      : besideSpot(after, size);
  const rect = figma.createRectangle();
  rect.name = name;
  rect.resize(size.width, size.height);
  rect.fills = [{ type: "IMAGE", scaleMode: "FILL", imageHash: image.hash }];
  rect.x = spot.x;
  rect.y = spot.y;
  page.appendChild(rect);
  return rect;
}
