/** Gap between a source layer and a layer the plugin puts beside it. */
export const BESIDE_GAP = 40;

/** The page a node is on (with `documentAccess: dynamic-page` it may not be the current page). */
export function pageOf(node: BaseNode): PageNode {
  let current: BaseNode | null = node;
  while (current !== null && current.type !== "PAGE") current = current.parent;
  return current ?? figma.currentPage;
}

/**
 * A rectangle showing `fills` at `node`'s size, right of it on the same page, in page coordinates: beside a
 * layer inside a clipping frame or a boolean operation, it must not be clipped or become part of the shape.
 */
export function placeBeside(node: SceneNode, fills: readonly Paint[], name: string): RectangleNode {
  const rect = figma.createRectangle();
  rect.name = name;
  rect.resize(Math.max(node.width, 0.01), Math.max(node.height, 0.01));
  const box = node.absoluteBoundingBox;
  const [[, , x], [, , y]] = node.absoluteTransform;
  rect.x = (box?.x ?? x) + (box?.width ?? node.width) + BESIDE_GAP;
  rect.y = box?.y ?? y;
  rect.fills = fills;
  pageOf(node).appendChild(rect);
  return rect;
}

/** A new image layer at the centre of the viewport, or right of `after` when given, at the image's size. */
export function placeImage(
  image: Image,
  size: { width: number; height: number },
  name: string,
  after?: SceneNode,
): RectangleNode {
  const rect = figma.createRectangle();
  rect.name = name;
  rect.resize(size.width, size.height);
  rect.fills = [{ type: "IMAGE", scaleMode: "FILL", imageHash: image.hash }];
  if (after !== undefined) {
    const box = after.absoluteBoundingBox;
    rect.x = (box?.x ?? after.x) + (box?.width ?? after.width) + BESIDE_GAP;
    rect.y = box?.y ?? after.y;
    pageOf(after).appendChild(rect);
  } else {
    const { x, y } = figma.viewport.center;
    rect.x = Math.round(x - size.width / 2);
    rect.y = Math.round(y - size.height / 2);
    figma.currentPage.appendChild(rect);
  }
  return rect;
}
