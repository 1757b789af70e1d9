import * as z from "zod";

/** Plugin data on every layer this plugin wrote an upscaled image to: which image each one came from. */
export const HISTORY_KEY = "upscale-history";

/**
 * One upscale of one image on a layer: the image it came from (`from`, a hash — never bytes: the file keeps the
 * image), the one it shows now (`to`), how many times wider that is, and whether it replaced `from` in place
 * (what Revert can take back) or is a copy placed beside the source (only compared).
 */
export interface HistoryEntry {
  from: string;
  to: string;
  ratio: number;
  replaced: boolean;
}

/** Figma's image hashes are 40 hex characters; anything that reads as a short text is accepted. */
const hash = z.string().min(1).max(200);
const historySchema = z.array(
  z.object({ from: hash, to: hash, ratio: z.number().positive(), replaced: z.boolean() }).strict(),
);

export interface PluginDataNode {
  getPluginData(key: string): string;
  setPluginData(key: string, value: string): void;
}

/** The layer's history; empty when it has none, or when what is stored does not read as one. */
export function readHistory(node: Pick<PluginDataNode, "getPluginData">): HistoryEntry[] {
  const text = node.getPluginData(HISTORY_KEY);
  if (text === "") return [];
  try {
    const parsed = historySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function writeHistory(node: PluginDataNode, entries: readonly HistoryEntry[]): void {
  node.setPluginData(HISTORY_KEY, entries.length === 0 ? "" : JSON.stringify(entries));
}

/**
 * The newest upscale of each image: entries no later entry started from. (Upscaled twice, a layer's first entry
 * went A→B and its second B→C; only B→C is the image's latest.)
 */
export function latestUpscales(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.filter((entry, index) => !entries.slice(index + 1).some((later) => later.from === entry.to));
}
