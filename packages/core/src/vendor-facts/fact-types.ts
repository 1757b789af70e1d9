/** The shapes every vendor's facts are written in, so a client, the relay and the fake read them alike. */

/** Whether a call costs money: every time, only in cases the client cannot see, or never. */
export type Billing = "yes" | "maybe" | "no";

export interface VendorCall {
  method: "GET" | "POST";
  billed: Billing;
  /**
   * Sending the same call again may be billed again, so a client must never re-send it once it may have reached
   * the vendor: it resumes the task or tells the user instead.
   */
  billedAgainIfResent: boolean;
}

/** How a key travels: the header (lower case, as `fetch` and Node present it), holding `prefix` + the key. */
export interface HeaderAuth {
  header: string;
  prefix: string;
}
