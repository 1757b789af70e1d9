/** Whether a call costs money: every time, only in cases the client cannot see, or never. */
export type Billing = "yes" | "maybe" | "no";

/** One vendor call, as far as paying for it goes. */
export interface VendorCall {
  readonly method: "GET" | "POST";
  readonly billed: Billing;
  /**
   * Sending the same call again may be billed again, so a client must never re-send it once it may have reached
   * the vendor: it resumes the task or tells the user instead.
   */
  readonly billedAgainIfResent: boolean;
}

/** How a key travels: the header (lower case, as `fetch` and Node present it), holding `prefix` + the key. */
export interface HeaderAuth {
  readonly header: string;
  readonly prefix: string;
}
