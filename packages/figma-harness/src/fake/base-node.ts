import { type DocumentModel, type FakeNode, type NodeState, STATE, stateOf } from "./node-state.js";

/** Figma's limit on one plugin data entry (key + value). */
const PLUGIN_DATA_LIMIT = 100_000;

/** What every node has: id, name, parent, removal, plugin data and relaunch data. */
export class FakeBaseNode implements FakeNode {
  declare [STATE]: NodeState;

  constructor(state: NodeState) {
    Object.defineProperty(this, STATE, { value: state, enumerable: false });
  }

  protected get doc(): DocumentModel {
    return this[STATE].doc;
  }

  protected fail(method: string, message: string): never {
    throw this.doc.realm.error(`in ${method}: ${message}`);
  }

  get id(): string {
    return this[STATE].id;
  }

  get type(): string {
    return this[STATE].type;
  }

  get name(): string {
    return this[STATE].name;
  }

  set name(value: string) {
    if (typeof value !== "string") this.fail("set_name", "Expected name to be a string");
    this.doc.edit([[this, ["name"]]], () => {
      this[STATE].name = value;
    });
  }

  get parent(): FakeNode | null {
    return this[STATE].parent;
  }

  get removed(): boolean {
    return this[STATE].removed;
  }

  remove(): void {
    const state = this[STATE];
    if (state.type === "PAGE" || state.type === "DOCUMENT") this.fail("remove", `Cannot remove a ${state.type} node`);
    const parent = state.parent;
    const subtree = collectSubtree(this);
    const targets: Array<[FakeNode, Array<keyof NodeState>]> = subtree.map((node) => [node, ["removed", "parent"]]);
    if (parent) targets.push([parent, ["children"]]);
    this.doc.edit(targets, () => {
      if (parent) {
        const siblings = stateOf(parent).children ?? [];
        stateOf(parent).children = siblings.filter((child) => child !== this);
      }
      state.parent = null;
      for (const node of subtree) stateOf(node).removed = true;
    });
    if (parent && stateOf(parent).type === "GROUP" && (stateOf(parent).children ?? []).length === 0) {
      // Figma deletes a group that loses its last child.
      (parent as unknown as FakeBaseNode).remove();
    }
  }

  getPluginData(key: string): string {
    if (typeof key !== "string") this.fail("getPluginData", "Expected key to be a string");
    return this[STATE].pluginData[key] ?? "";
  }

  setPluginData(key: string, value: string): void {
    if (typeof key !== "string" || typeof value !== "string") {
      this.fail("setPluginData", "Expected key and value to be strings");
    }
    if (key.length + value.length > PLUGIN_DATA_LIMIT)
      this.fail("setPluginData", "Plugin data is limited to 100 kB per entry");
    this.doc.edit([[this, ["pluginData"]]], () => {
      const next = { ...this[STATE].pluginData };
      if (value === "") delete next[key];
      else next[key] = value;
      this[STATE].pluginData = next;
    });
  }

  getPluginDataKeys(): string[] {
    return Object.keys(this[STATE].pluginData);
  }

  getSharedPluginData(namespace: string, key: string): string {
    return this[STATE].sharedPluginData[namespace]?.[key] ?? "";
  }

  setSharedPluginData(namespace: string, key: string, value: string): void {
    if (!/^[A-Za-z0-9_.]{3,}$/.test(String(namespace))) {
      this.fail("setSharedPluginData", "Namespace must be at least 3 alphanumeric characters");
    }
    if (typeof key !== "string" || typeof value !== "string") {
      this.fail("setSharedPluginData", "Expected key and value to be strings");
    }
    this.doc.edit([[this, ["sharedPluginData"]]], () => {
      const all = this[STATE].sharedPluginData;
      const entries = { ...all[namespace] };
      if (value === "") delete entries[key];
      else entries[key] = value;
      this[STATE].sharedPluginData = { ...all, [namespace]: entries };
    });
  }

  getSharedPluginDataKeys(namespace: string): string[] {
    return Object.keys(this[STATE].sharedPluginData[namespace] ?? {});
  }

  setRelaunchData(data: Record<string, string>): void {
    if (data === null || typeof data !== "object") this.fail("setRelaunchData", "Expected an object");
    const commands = this.doc.relaunchCommands;
    for (const [command, description] of Object.entries(data)) {
      if (typeof description !== "string") this.fail("setRelaunchData", `Expected "${command}" to map to a string`);
      if (commands && !commands.includes(command)) {
        this.fail("setRelaunchData", `Command "${command}" is not in manifest.json relaunchButtons`);
      }
    }
    this.doc.edit([[this, ["relaunchData"]]], () => {
      this[STATE].relaunchData = { ...data };
    });
  }

  getRelaunchData(): Record<string, string> {
    return { ...this[STATE].relaunchData };
  }

  toString(): string {
    return `[object ${this[STATE].type}]`;
  }
}

export function collectSubtree(node: FakeNode): FakeNode[] {
  const all = [node];
  for (const child of stateOf(node).children ?? []) all.push(...collectSubtree(child));
  return all;
}

/** Removed nodes throw on every access but `removed`, `id` and `toString`, as Figma's do. */
export function guardRemoved<T extends FakeNode>(node: T): T {
  const allowed = new Set(["removed", "id", "toString", "constructor"]);
  const check = (target: T, property: string | symbol) => {
    const state = target[STATE];
    if (state.removed && typeof property === "string" && !allowed.has(property)) {
      throw state.doc.realm.error(`in get_${property}: The node with id "${state.id}" does not exist`);
    }
  };
  return new Proxy(node, {
    get(target, property, receiver) {
      check(target, property);
      return Reflect.get(target, property, receiver);
    },
    set(target, property, value, receiver) {
      check(target, property);
      // Figma's nodes take no new properties and their read-only ones refuse writes, in sloppy code too.
      if (!(property in target)) {
        throw new TypeError(`Cannot add property ${String(property)}, object is not extensible`);
      }
      if (!Reflect.set(target, property, value, receiver)) {
        throw new TypeError(`Cannot assign to read only property '${String(property)}' of object '${target}'`);
      }
      return true;
    },
  });
}
