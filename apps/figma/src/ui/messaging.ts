import { emit, on } from "@create-figma-plugin/utilities";
import type { MainToUi, UiToMain } from "../shared/messages.js";

/** Typed `emit` to the main thread (`parent.postMessage({ pluginMessage }, "*")` underneath). */
export function post<K extends keyof UiToMain>(name: K, payload: UiToMain[K]): void {
  emit(name, payload);
}

/** Typed handler for one main-thread message; returns the function that removes it. */
export function subscribe<K extends keyof MainToUi>(name: K, handler: (payload: MainToUi[K]) => void): () => void {
  return on(name, handler);
}
