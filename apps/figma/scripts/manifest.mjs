// The plugin's manifest.json, written by the build. `networkAccess.allowedDomains` lists exactly the hosts the
// plugin calls: without a relay, the vendors' APIs and the hosts their result images come from; with RELAY_URL,
// the relay alone (apps/relay hands out its own signed `/images/…` links for results). Development builds may
// also reach the local fake on loopback, on any port (CSP's `:*`; tests start it on random ports).

/**
 * Result images: Ideogram's signed ephemeral links (`https://ideogram.ai/api/images/ephemeral/…`, v1 and, as far
 * as the docs show, v2 generations) and GPTunnel's own task images.
 */
export const IMAGE_HOSTS = [
  // UNCONFIRMED for v2: the docs show no v2 result link; if its images come from another host, change this line.
  "https://ideogram.ai",
  "https://gptunnel.ru",
];
export const VENDOR_APIS = ["https://api.ideogram.ai", "https://gptunnel.ru"];
/** The local fake (both names, as a user may type either), on any port. */
export const DEV_ALLOWED_DOMAINS = ["http://localhost:*", "http://127.0.0.1:*"];

/** The relay's origin from RELAY_URL, checked: an https address (or a local http one for trying it out). */
export function relayOrigin(relayUrl) {
  if (relayUrl === undefined || relayUrl === "") return "";
  let url;
  try {
    url = new URL(relayUrl);
  } catch {
    throw new Error(`RELAY_URL "${relayUrl}" is not an address, e.g. https://relay.example`);
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new Error(
      `RELAY_URL must be an https:// address (Figma allows only https outside development), got ${relayUrl}`,
    );
  }
  return url.origin;
}

export function pluginManifest({ relayUrl = "" } = {}) {
  const relay = relayOrigin(relayUrl);
  const allowedDomains = relay === "" ? [...new Set([...VENDOR_APIS, ...IMAGE_HOSTS])] : [relay];
  const reasoning =
    relay === ""
      ? "Upscaling sends the selected images, with your API key, to Ideogram's API (api.ideogram.ai) or " +
        "GPTunnel's Midjourney API (gptunnel.ru), and downloads the results from where those vendors host them " +
        "(ideogram.ai, gptunnel.ru). Price quotes send the selected images to Ideogram too, and are never billed. " +
        "Nothing else is contacted."
      : `Upscaling sends the selected images, with your API key, to your team's relay (${relay}), which passes ` +
        "them to Ideogram or GPTunnel and serves the results back. Nothing else is contacted.";
  return {
    name: "Upscale",
    id: "upscale-toolkit",
    api: "1.0.0",
    editorType: ["figma"],
    main: "dist/main.js",
    ui: "dist/ui.html",
    documentAccess: "dynamic-page",
    networkAccess: {
      allowedDomains,
      devAllowedDomains: DEV_ALLOWED_DOMAINS,
      reasoning,
    },
    relaunchButtons: [
      { command: "upscale", name: "Upscale again", multipleSelection: true },
      { command: "upsample", name: "Upsample" },
      { command: "revert", name: "Revert upscale", multipleSelection: true },
    ],
  };
}
