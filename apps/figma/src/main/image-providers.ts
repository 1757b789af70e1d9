import type { JobSource, JobSubject, UpscaleProvider } from "@upscale/core";
import type { IdeogramProviderFactory } from "./clients.js";
import type { RunLedger } from "./run-ledger.js";

export interface ImageProviders {
  /** The provider the job pipeline calls: each call goes to a provider of the image it is for. */
  provider: UpscaleProvider<object>;
  /** The source, telling the provider which image its bytes are. */
  track<S extends JobSource>(source: S): S;
}

/**
 * One provider per canvas image behind the one the core's job pipeline calls, so each image's paid generation is
 * recorded under its own hash (`RunLedger.forImage`) and a reopened plugin knows which layers its result is for.
 * The pipeline hands the provider the very bytes the image's `read()` returned: they tell which image a call is.
 */
export function imageProviders(make: IdeogramProviderFactory, ledger: RunLedger): ImageProviders {
  const owners = new WeakMap<Uint8Array, JobSubject>();
  const shared = make();
  return {
    provider: {
      id: shared.id,
      capabilities: shared.capabilities,
      upscale(input, options) {
        const owner = owners.get(input.bytes);
        // Only the job pipeline calls this provider, with bytes a tracked source read.
        if (owner === undefined) throw new Error("An upscale was asked for bytes no canvas image read.");
        return make(ledger.forImage(owner)).upscale(input, options);
      },
    },
    track: (source) =>
      Object.assign({}, source, {
        async read() {
          const bytes = await source.read();
          owners.set(bytes, source);
          return bytes;
        },
      }),
  };
}
