/**
 * The scene node types that have `fills` in `@figma/plugin-typings` (MinimalFillsMixin), written out from the
 * typings rather than read from the fake, so a test can hold the fake — or a plugin — to them. Groups and
 * slices have no fills.
 */
export const FILL_BEARING_TYPES = [
  "FRAME",
  "RECTANGLE",
  "ELLIPSE",
  "POLYGON",
  "STAR",
  "VECTOR",
  "LINE",
  "TEXT",
  "COMPONENT",
  "COMPONENT_SET",
  "INSTANCE",
  "BOOLEAN_OPERATION",
  "SECTION",
] as const;
