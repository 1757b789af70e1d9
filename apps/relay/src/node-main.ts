#!/usr/bin/env node
import { startNodeRelay } from "./node-server.js";

// `pnpm relay`: configuration from the environment (README); flags are not needed for a server process.
try {
  const relay = await startNodeRelay(process.env);
  for (const line of relay.banner) console.log(line);
  const stop = () => {
    void relay.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
