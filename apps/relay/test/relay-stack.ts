import { type FakeApis, type Scenario, startFakeApis } from "@upscale/fake-apis";
import type { RelayConfig, RelayDependencies, RelayEnv } from "../src/index.js";
import { type NodeRelay, startNodeRelay } from "../src/node-server.js";

/** The relay on loopback in front of a fresh fake of both vendors, with its log lines captured. */
export interface RelayStack {
  fake: FakeApis;
  relay: NodeRelay;
  logs: string[];
  /** Another relay in front of the same fake (team mode across instances). */
  startRelay(env?: RelayEnv, overrides?: Partial<RelayConfig>, deps?: RelayDependencies): Promise<NodeRelay>;
  close(): Promise<void>;
}

export async function startRelayStack(
  options: { env?: RelayEnv; scenario?: Scenario; overrides?: Partial<RelayConfig>; deps?: RelayDependencies } = {},
): Promise<RelayStack> {
  const fake = await startFakeApis({ scenario: options.scenario ?? { task: { durationMs: 300 } } });
  const logs: string[] = [];
  const relays: NodeRelay[] = [];
  const startRelay = async (env: RelayEnv = {}, overrides: Partial<RelayConfig> = {}, deps: RelayDependencies = {}) => {
    const relay = await startNodeRelay(
      {
        PORT: "0",
        // The fake serves both vendors on one loopback origin.
        RELAY_GPTUNNEL_URL: fake.ideogramUrl,
        RELAY_IDEOGRAM_URL: fake.ideogramUrl,
        RELAY_ALLOW_PRIVATE_UPSTREAMS: "1",
        ...env,
      },
      { log: (line) => logs.push(line), ...deps },
      overrides,
    );
    relays.push(relay);
    return relay;
  };
  try {
    const relay = await startRelay(options.env, options.overrides, options.deps);
    return {
      fake,
      relay,
      logs,
      startRelay,
      close: async () => {
        await Promise.all(relays.map((r) => r.close()));
        await fake.close();
      },
    };
  } catch (error) {
    await Promise.all(relays.map((r) => r.close()));
    await fake.close();
    throw error;
  }
}
