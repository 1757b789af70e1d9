// An upstream that takes the first chunk of each upload and then stops reading: the memory benchmark's worst case.
// A relay that buffered uploads would take in everything the clients send; a streaming one passes the stall back
// to them. Prints its origin; runs until killed.
import { createServer } from "node:http";

const server = createServer((req) => {
  req.once("data", () => req.pause());
});
server.listen(0, "127.0.0.1", () => console.log(`UPSTREAM http://127.0.0.1:${server.address().port}`));
process.once("SIGTERM", () => {
  server.closeAllConnections();
  process.exit(0);
});
