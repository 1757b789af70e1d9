/**
 * GPTunnel's balance call (docs.gptunnel.ru/balance): `GET https://gptunnel.ru/v1/balance` with the raw key, beside
 * the Midjourney API (`/v1/midjourney`), not under it. Plain data without zod, shared with the fake APIs.
 */

/** The last path segment that replaces `midjourney` in the Midjourney base URL. */
export const GPTUNNEL_BALANCE_SEGMENT = "balance";
/** Query flag: `true` reads the personal wallet instead of the organisation's balance. */
export const GPTUNNEL_WALLET_PARAM = "useWalletBalance";
