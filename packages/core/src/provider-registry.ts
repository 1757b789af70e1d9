import { UpscaleError } from "./errors.js";
import type { UpscaleProvider } from "./provider.js";

/** Providers by id. Apps register what their platform can run (the CLI adds the Node-only `local`). */
export class ProviderRegistry {
  readonly #providers = new Map<string, UpscaleProvider>();

  constructor(providers: Iterable<UpscaleProvider> = []) {
    for (const provider of providers) this.register(provider);
  }

  register(provider: UpscaleProvider): this {
    this.#providers.set(provider.id, provider);
    return this;
  }

  get(id: string): UpscaleProvider {
    const provider = this.#providers.get(id);
    if (provider === undefined) {
      const known = this.ids().join(", ") || "none";
      throw new UpscaleError("UNKNOWN_PROVIDER", `Unknown provider "${id}". Available: ${known}.`);
    }
    return provider;
  }

  ids(): string[] {
    return [...this.#providers.keys()];
  }
}
