import { useCallback, useEffect, useState } from "preact/hooks";
import type {
  BalanceReport,
  ComparePayload,
  InitPayload,
  MaskedKeys,
  PluginSettings,
  PriceQuote,
  RunStatus,
  SelectionSummary,
} from "../shared/messages.js";
import { transformOnCanvas } from "./canvas-codec.js";
import { post, subscribe } from "./messaging.js";

/** Saves settings: shown at once, then kept by the main thread, whose answer replaces them. */
export type SaveSettings = (changes: Partial<PluginSettings>) => void;

export interface PluginState {
  save: SaveSettings;
  init: InitPayload | undefined;
  settings: PluginSettings | undefined;
  keys: MaskedKeys | undefined;
  selection: SelectionSummary | undefined;
  status: RunStatus | undefined;
  quote: PriceQuote | undefined;
  balance: BalanceReport | undefined;
  /** The two images Compare shows, while it is open. */
  compare: ComparePayload | undefined;
  closeCompare: () => void;
}

/**
 * Everything the main thread tells the UI, as Preact state. The UI says "ready" only once its handlers are in
 * place — a handshake, not a timer — and answers codec requests as they come.
 */
export function usePluginState(): PluginState {
  const [init, setInit] = useState<InitPayload>();
  const [settings, setSettings] = useState<PluginSettings>();
  const [keys, setKeys] = useState<MaskedKeys>();
  const [selection, setSelection] = useState<SelectionSummary>();
  const [status, setStatus] = useState<RunStatus>();
  const [quote, setQuote] = useState<PriceQuote>();
  const [balance, setBalance] = useState<BalanceReport>();
  const [compare, setCompare] = useState<ComparePayload>();
  useEffect(() => {
    const off = [
      subscribe("init", (payload) => {
        setInit(payload);
        setSettings(payload.settings);
        setKeys(payload.keys);
        setSelection(payload.selection);
      }),
      subscribe("settings", setSettings),
      subscribe("keys", setKeys),
      subscribe("selection", setSelection),
      subscribe("status", setStatus),
      subscribe("quote", setQuote),
      subscribe("balance", setBalance),
      subscribe("compare", setCompare),
      subscribe("codec", (request) => {
        transformOnCanvas(request).then((reply) => post("codec-result", reply));
      }),
    ];
    post("ready", {});
    return () => {
      for (const remove of off) remove();
    };
  }, []);
  // Applied here first, so a control that depends on a setting (the Base URL field follows the provider) never
  // shows the old value while the main thread saves the new one.
  const save = useCallback<SaveSettings>((changes) => {
    setSettings((current) => (current === undefined ? current : { ...current, ...changes }));
    post("save-settings", changes);
  }, []);
  const closeCompare = useCallback(() => {
    setCompare(undefined);
    post("close-compare", {});
  }, []);
  return { save, init, settings, keys, selection, status, quote, balance, compare, closeCompare };
}
