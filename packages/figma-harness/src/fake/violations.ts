/**
 * Things a plugin does that real Figma refuses or silently mangles (a notify over 100 characters is truncated,
 * undecodable image bytes show a broken image). By default the fake throws at once so a test fails at the line
 * that did it; with `violations: "record"` it keeps going and lists them, for tests that assert on the list.
 */
export type ViolationPolicy = "throw" | "record";

export interface Violation {
  /** Which rule: "notify-length", "image-undecodable", "fetch-signal", "show-ui-twice", … */
  readonly rule: string;
  readonly message: string;
}

export class FigmaRuleViolation extends Error {
  override readonly name = "FigmaRuleViolation";
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export class ViolationLog {
  readonly list: Violation[] = [];
  constructor(private readonly policy: ViolationPolicy) {}

  /** Throws (policy "throw") or records; `canThrow: false` for checks that run after the call returned. */
  report(rule: string, message: string, canThrow = true): void {
    this.list.push({ rule, message });
    if (this.policy === "throw" && canThrow) throw new FigmaRuleViolation(rule, message);
  }
}
