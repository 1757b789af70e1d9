/** The outcome of checking a client's input: the value, or a sentence telling the client what to fix. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
