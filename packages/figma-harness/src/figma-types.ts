/**
 * The Figma Plugin API types, from the module flavour of `@figma/plugin-typings` so that importing the harness
 * does not declare Figma's globals (`figma`, a restricted `fetch`) in the Node test program that uses it.
 */
import type {
  BooleanOperationNode,
  ComponentNode,
  ComponentSetNode,
  EllipseNode,
  FrameNode,
  GroupNode,
  InstanceNode,
  LineNode,
  PolygonNode,
  RectangleNode,
  SectionNode,
  SliceNode,
  StarNode,
  TextNode,
  VectorNode,
} from "@figma/plugin-typings/plugin-api-standalone.js";

export type {
  BaseNode,
  BooleanOperationNode,
  ClientStorageAPI,
  ComponentNode,
  EllipseNode,
  FrameNode,
  GroupNode,
  Image,
  ImagePaint,
  InstanceNode,
  NotificationHandler,
  NotificationOptions,
  PageNode,
  Paint,
  PluginAPI,
  RectangleNode,
  SceneNode,
  ShowUIOptions,
  SolidPaint,
  TextNode,
} from "@figma/plugin-typings/plugin-api-standalone.js";

/** The node type each `type` string creates, for `fake.create(type)`. */
export interface NodeTypes {
  FRAME: FrameNode;
  GROUP: GroupNode;
  RECTANGLE: RectangleNode;
  ELLIPSE: EllipseNode;
  POLYGON: PolygonNode;
  STAR: StarNode;
  VECTOR: VectorNode;
  LINE: LineNode;
  TEXT: TextNode;
  COMPONENT: ComponentNode;
  COMPONENT_SET: ComponentSetNode;
  INSTANCE: InstanceNode;
  BOOLEAN_OPERATION: BooleanOperationNode;
  SECTION: SectionNode;
  SLICE: SliceNode;
}
