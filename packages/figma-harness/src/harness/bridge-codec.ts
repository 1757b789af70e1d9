/**
 * Plugin messages are structured clones; between the harness' Node side and its page they travel as JSON, which
 * cannot hold bytes or `undefined`. These tag them. Both functions are self-contained (no outside names), because
 * the host page gets their source text too: one codec on both ends.
 */
export function encodeForBridge(value: unknown): unknown {
  const tag = "__figmaHarness";
  const kind = (item: unknown) => Object.prototype.toString.call(item);
  const base64 = (bytes: Uint8Array) => {
    // Node has a fast encoder; the browser builds a binary string in chunks for btoa.
    if (typeof Buffer !== "undefined")
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    let binary = "";
    for (let offset = 0; offset < bytes.length; offset += 0x8000) {
      binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(offset, offset + 0x8000)));
    }
    return btoa(binary);
  };
  const walk = (item: unknown): unknown => {
    if (item === undefined) return { [tag]: "undefined" };
    if (item === null || typeof item !== "object") return item;
    if (kind(item) === "[object Uint8Array]") return { [tag]: "Uint8Array", base64: base64(item as Uint8Array) };
    if (kind(item) === "[object ArrayBuffer]")
      return { [tag]: "ArrayBuffer", base64: base64(new Uint8Array(item as ArrayBuffer)) };
    if (Array.isArray(item)) return item.map(walk);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(item)) copy[key] = walk((item as Record<string, unknown>)[key]);
    return copy;
  };
  return walk(value);
}

export function decodeFromBridge(value: unknown): unknown {
  const tag = "__figmaHarness";
  const bytes = (base64: string) => {
    if (typeof Buffer !== "undefined") {
      const decoded = Buffer.from(base64, "base64");
      return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength).slice();
    }
    const binary = atob(base64);
    const result = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) result[index] = binary.charCodeAt(index);
    return result;
  };
  const walk = (item: unknown): unknown => {
    if (item === null || typeof item !== "object") return item;
    if (Array.isArray(item)) return item.map(walk);
    const record = item as Record<string, unknown>;
    if (record[tag] === "undefined") return undefined;
    if (record[tag] === "Uint8Array") return bytes(String(record.base64));
    if (record[tag] === "ArrayBuffer") return bytes(String(record.base64)).buffer;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) copy[key] = walk(record[key]);
    return copy;
  };
  return walk(value);
}
