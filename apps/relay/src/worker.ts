import { loadRelayConfig, type RelayEnv } from "./config.js";
import { createRelay, type Relay } from "./relay-app.js";

/**
 * Cloudflare Workers entry: the same handler as on Node. Configuration comes from the Worker's vars and secrets.
 * Limits live in the isolate's memory (per isolate, not shared: team limits there are best effort), and image links
 * need RELAY_SIGNING_SECRET, since isolates come and go. Not run here: no Workers runtime on this machine.
 */
let relay: Promise<Relay> | undefined;

export default {
  fetch(request: Request, env: RelayEnv): Promise<Response> {
    relay ??= createRelay(loadRelayConfig(env));
    return relay.then((handler) => handler.fetch(request));
  },
};
