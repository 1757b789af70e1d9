export {
  type CompareImage,
  type CompareState,
  type CompareView,
  type CompareViewName,
  type CompareViewOptions,
  createCompareView,
  VIEW_LABELS,
} from "./compare-view.js";
export { type DifferenceStats, differenceSize } from "./difference-math.js";
export { formatFileSize, formatPixelSize, formatScale } from "./size-labels.js";
export { addStyles, COMPARE_VIEW_CSS } from "./styles.js";
