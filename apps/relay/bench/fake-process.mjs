// The fake vendors in a process of their own, so the benchmark's client, the relay and the fake do not share
// one event loop. Prints one JSON line with the fake's URLs and keys; runs until killed.
import { startFakeApis } from "@upscale/fake-apis";

const fake = await startFakeApis({ scenario: JSON.parse(process.argv[2] ?? "{}") });
console.log(JSON.stringify({ origin: fake.ideogramUrl, gptunnelUrl: fake.gptunnelUrl, keys: fake.keys }));
process.once("SIGTERM", () => fake.close().then(() => process.exit(0)));
