import * as z from "zod";
import type { Placement } from "../shared/messages.js";
import type { CapturedNode, CapturedSelection } from "./capture-image-fills.js";

const STORAGE_KEY = "upscale-pending-images";

/** Where one image's upscale goes: the layers captured when the run started, and how the result is placed. */
export interface PendingImage {
  nodes: CapturedNode[];
  placement: Placement;
}

/**
 * What a reopened plugin needs to put a paid generation's image where the closed one would have: kept in
 * `figma.clientStorage` by image hash from the start of a run until its results are written. Read back like any
 * outside input: what does not fit is dropped.
 */
export interface PendingImages {
  add(captured: CapturedSelection, placement: Placement): Promise<void>;
  get(hash: string): Promise<PendingImage | undefined>;
  remove(hashes: readonly string[]): Promise<void>;
}

const slotSchema = z.object({
  range: z.object({ start: z.number(), end: z.number() }).optional(),
  fills: z.array(z.custom<Paint>((paint) => typeof paint === "object" && paint !== null)),
});
const pendingSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), name: z.string(), slots: z.array(slotSchema) })),
  placement: z.enum(["replace", "beside"]),
});
const storedSchema = z.record(z.string(), z.unknown());

async function load(): Promise<Record<string, PendingImage>> {
  const stored = storedSchema.safeParse(await figma.clientStorage.getAsync(STORAGE_KEY));
  const all: Record<string, PendingImage> = {};
  if (!stored.success) return all;
  for (const hash of Object.keys(stored.data)) {
    const entry = pendingSchema.safeParse(stored.data[hash]);
    if (entry.success) all[hash] = entry.data as PendingImage;
  }
  return all;
}

export function clientStoragePendingImages(): PendingImages {
  return {
    async add(captured, placement) {
      const all = await load();
      for (const job of captured.jobs) {
        const nodes = captured.nodes.filter((node) => job.nodeIds.indexOf(node.id) !== -1);
        all[job.hash] = { nodes, placement };
      }
      await figma.clientStorage.setAsync(STORAGE_KEY, all);
    },
    get: async (hash) => (await load())[hash],
    async remove(hashes) {
      const all = await load();
      if (!hashes.some((hash) => hash in all)) return;
      for (const hash of hashes) delete all[hash];
      await figma.clientStorage.setAsync(STORAGE_KEY, all);
    },
  };
}
