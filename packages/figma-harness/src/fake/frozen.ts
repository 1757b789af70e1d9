/**
 * Figma hands out fills, strokes, children and selections as frozen objects. Plain `Object.freeze` only throws on
 * assignment in strict-mode code, and a bundled plugin may be sloppy-mode, where the write would silently do
 * nothing; these proxies throw in both, with V8's own wording, so `node.fills[0].imageHash = h` fails loudly.
 */
const readOnly = (target: object, property: string | symbol): never => {
  const kind = Array.isArray(target) ? "[object Array]" : "#<Object>";
  throw new TypeError(`Cannot assign to read only property '${String(property)}' of object '${kind}'`);
};

const handler: ProxyHandler<object> = {
  set: (target, property) => readOnly(target, property),
  defineProperty: (target, property) => readOnly(target, property),
  deleteProperty: (target, property) => {
    throw new TypeError(
      `Cannot delete property '${String(property)}' of ${Array.isArray(target) ? "[object Array]" : "#<Object>"}`,
    );
  },
  setPrototypeOf: () => {
    throw new TypeError("Cannot set the prototype of a frozen Figma object");
  },
};

/** Deeply freezes plain data (objects, arrays) and wraps each level so writes throw. Nodes are left as they are. */
export function deepFrozen<T>(value: T, keepAsIs: (value: object) => boolean = () => false): T {
  if (value === null || typeof value !== "object" || keepAsIs(value)) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = deepFrozen(record[key], keepAsIs);
  return new Proxy(Object.freeze(value), handler) as T;
}

/** A frozen array whose items (nodes) are not themselves frozen. */
export function frozenList<T>(items: readonly T[]): readonly T[] {
  return new Proxy(Object.freeze([...items]), handler) as readonly T[];
}
