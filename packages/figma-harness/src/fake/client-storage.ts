import { deserialize, serialize } from "node:v8";
import type { ClientStorageAPI } from "../figma-types.js";
import { bytesIntoRealm, type RealmRef } from "./realm.js";

/** Figma's clientStorage quota per plugin. */
export const CLIENT_STORAGE_QUOTA = 5 * 1024 * 1024;

/**
 * `figma.clientStorage`: asynchronous, values stored as structured clones (functions and symbols are refused, a
 * stored object is a copy, not a reference), at most 5 MB in all. It belongs to the user, not to one plugin run,
 * so it survives closing and reopening the plugin.
 */
export class ClientStorage {
  private readonly entries = new Map<string, Buffer>();

  constructor(
    private readonly realm: RealmRef,
    private readonly quota = CLIENT_STORAGE_QUOTA,
  ) {}

  api(): ClientStorageAPI {
    return Object.freeze({
      getAsync: async (key: string) => {
        this.checkKey("getAsync", key);
        const stored = this.entries.get(key);
        return stored === undefined ? undefined : bytesIntoRealm(deserialize(stored), this.realm);
      },
      setAsync: async (key: string, value: unknown) => this.set(key, value),
      deleteAsync: async (key: string) => {
        this.checkKey("deleteAsync", key);
        this.entries.delete(key);
      },
      keysAsync: async () => [...this.entries.keys()],
    });
  }

  set(key: string, value: unknown): void {
    this.checkKey("setAsync", key);
    let encoded: Buffer;
    try {
      encoded = serialize(value);
    } catch (error) {
      throw this.realm.error(`in setAsync: ${error instanceof Error ? error.message : String(error)}`);
    }
    const others = this.usedBytes() - this.sizeOf(key, this.entries.get(key));
    if (others + this.sizeOf(key, encoded) > this.quota) {
      throw this.realm.error("in setAsync: clientStorage is limited to 5 MB per plugin; this value would exceed it");
    }
    this.entries.set(key, encoded);
  }

  /** A copy of everything stored, for assertions. */
  snapshot(): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const [key, stored] of this.entries) copy[key] = deserialize(stored);
    return copy;
  }

  usedBytes(): number {
    let total = 0;
    for (const [key, stored] of this.entries) total += this.sizeOf(key, stored);
    return total;
  }

  private sizeOf(key: string, stored: Buffer | undefined): number {
    return stored === undefined ? 0 : key.length * 2 + stored.byteLength;
  }

  private checkKey(method: string, key: unknown): void {
    if (typeof key !== "string") throw this.realm.typeError(`in ${method}: Expected key to be a string`);
  }
}
