import { emit, on } from "@create-figma-plugin/utilities";
import type { MainToUi, UiToMain } from "../shared/messages.js";
import { uiMessageSchemas } from "./ui-message-schemas.js";

/** Typed `emit` to the UI. */
export function send<K extends keyof MainToUi>(name: K, payload: MainToUi[K]): void {
  emit(name, payload);
}

/** Typed, checked handler for one UI message; a handler's rejection is logged, never left unhandled. */
export function listen<K extends keyof UiToMain>(name: K, handler: (payload: UiToMain[K]) => unknown): void {
  on(name, (payload: unknown) => {
    const parsed = uiMessageSchemas[name].safeParse(payload ?? {});
    if (!parsed.success) {
      console.error(`Ignored a malformed "${name}" message from the UI: ${parsed.error.issues[0]?.message}`);
      return;
    }
    Promise.resolve()
      .then(() => handler(parsed.data))
      .catch((error: unknown) => console.error(`"${name}" failed:`, error));
  });
}
