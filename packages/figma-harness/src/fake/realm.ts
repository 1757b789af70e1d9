/**
 * The plugin's code runs in its own `node:vm` realm, where `x instanceof Error` or `instanceof Uint8Array` is false
 * for objects made in Node's realm. What the fake hands to plugin code (errors it throws, byte arrays) is made with
 * the plugin realm's constructors, so plugin checks behave as in Figma. Until a realm is adopted, Node's are used.
 */
export interface Realm {
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  Uint8Array: Uint8ArrayConstructor;
  ArrayBuffer: ArrayBufferConstructor;
}

export const NODE_REALM: Realm = { Error, TypeError, Uint8Array, ArrayBuffer };

export class RealmRef {
  current: Realm = NODE_REALM;

  error(message: string): Error {
    return new this.current.Error(message);
  }

  typeError(message: string): TypeError {
    return new this.current.TypeError(message);
  }

  /** A copy of `bytes` in the plugin realm. */
  bytes(bytes: Uint8Array): Uint8Array {
    const copy = new this.current.Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return copy;
  }

  arrayBuffer(bytes: Uint8Array): ArrayBuffer {
    const buffer = new this.current.ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    return buffer;
  }
}

/** `instanceof Uint8Array` fails across realms; this does not. */
export function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === "[object Uint8Array]";
}

/**
 * Structured clones made in Node's realm carry Node's Uint8Array; this swaps each for the plugin realm's, in place
 * (the value must be a fresh clone).
 */
export function bytesIntoRealm(value: unknown, realm: RealmRef): unknown {
  if (isUint8Array(value)) return realm.bytes(value);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = bytesIntoRealm(record[key], realm);
  return value;
}
