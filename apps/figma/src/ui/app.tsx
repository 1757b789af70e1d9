import { Container, Disclosure, Divider, Muted, Text, VerticalSpace } from "@create-figma-plugin/ui";
import { useEffect, useRef, useState } from "preact/hooks";
import type { InitPayload, UiToMain } from "../shared/messages.js";
import { ComparePanel } from "./compare-panel.js";
import { post } from "./messaging.js";
import { MidjourneyPanel } from "./midjourney-panel.js";
import { SelectField } from "./select-field.js";
import { SettingsPanel } from "./settings-panel.js";
import { StatusPanel } from "./status-panel.js";
import { UpscalePanel } from "./upscale-panel.js";
import { UpscaledLayerPanel } from "./upscaled-layer-panel.js";
import { usePluginState } from "./use-plugin-state.js";

export function App() {
  const { save, init, settings, keys, selection, status, quote, balance, compare, closeCompare } = usePluginState();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const keyInput = useRef<HTMLInputElement>(null);
  const running = status?.running === true;

  // A relaunch button picks the provider: "Upsample" on a grid is Midjourney, "Upscale again" is Ideogram.
  useEffect(() => {
    if (init === undefined || init.command === "") return;
    const provider = init.command === "upsample" ? "midjourney" : "ideogram";
    if (init.settings.provider !== provider) save({ provider });
  }, [init, save]);

  // "Set key" opens Settings and focuses the key field, which exists only once the disclosure is open. Opening
  // Settings by hand focuses nothing: the user may be heading for the Base URL.
  const [focusKey, setFocusKey] = useState(false);
  useEffect(() => {
    if (!focusKey || !settingsOpen) return;
    keyInput.current?.focus();
    setFocusKey(false);
  }, [focusKey, settingsOpen]);

  if (init === undefined || settings === undefined || keys === undefined || selection === undefined) {
    return (
      <Container space="medium">
        <VerticalSpace space="medium" />
        <Text>Loading…</Text>
      </Container>
    );
  }

  if (compare !== undefined) return <ComparePanel payload={compare} onClose={closeCompare} />;

  const act = <K extends keyof UiToMain>(name: K, payload: UiToMain[K]) => post(name, payload);
  const openKeySettings = () => {
    setSettingsOpen(true);
    setFocusKey(true);
  };

  return (
    <Container space="medium">
      <VerticalSpace space="medium" />
      <SelectField
        label="Provider"
        value={settings.provider}
        options={[
          { value: "ideogram", text: "Ideogram — upscale image fills" },
          { value: "midjourney", text: "Midjourney (GPTunnel) — grids" },
        ]}
        onValueChange={(provider) => save({ provider })}
      />
      <VerticalSpace space="small" />
      {settings.provider === "ideogram" ? (
        <UpscalePanel
          settings={settings}
          save={save}
          selection={selection}
          quote={quote}
          running={running}
          onUpscale={() => act("upscale", {})}
        />
      ) : (
        <MidjourneyPanel selection={selection} running={running} onAction={act} />
      )}
      {selection.upscaled === undefined ? null : (
        <>
          <VerticalSpace space="small" />
          <UpscaledLayerPanel
            upscaled={selection.upscaled}
            running={running}
            onCompare={() => act("compare", {})}
            onRevert={() => act("revert", {})}
          />
        </>
      )}
      {status === undefined || status.running ? <ResumingNote resuming={init.resuming} /> : null}
      <VerticalSpace space="small" />
      {status === undefined ? null : (
        <StatusPanel
          status={status}
          onCancel={() => post("cancel", {})}
          onSetKey={openKeySettings}
          onOpenSettings={() => setSettingsOpen(true)}
          onResume={() => post("resume", {})}
          onRetry={() => post("retry", {})}
          onOpenLink={(url) => post("open-link", { url })}
        />
      )}
      <VerticalSpace space="small" />
      <Divider />
      <Disclosure open={settingsOpen} title="Settings" onClick={() => setSettingsOpen(!settingsOpen)}>
        {/* Keyed by provider: a half-typed Base URL must never be saved as the other provider's. */}
        <SettingsPanel
          key={settings.provider}
          settings={settings}
          save={save}
          keys={keys}
          keyInput={keyInput}
          balance={balance}
        />
      </Disclosure>
      <VerticalSpace space="medium" />
    </Container>
  );
}

/** Paid work an earlier session left, being finished now (it is polled, never paid for again). */
function ResumingNote({ resuming }: { resuming: InitPayload["resuming"] }) {
  const parts = [
    resuming.midjourney === 0
      ? ""
      : `${resuming.midjourney} paid Midjourney ${resuming.midjourney === 1 ? "task" : "tasks"}`,
    resuming.ideogram === 0
      ? ""
      : `${resuming.ideogram} paid Ideogram ${resuming.ideogram === 1 ? "upscale" : "upscales"}`,
  ].filter((part) => part !== "");
  if (parts.length === 0) return null;
  return (
    <Text>
      <Muted>{`Resuming ${parts.join(" and ")} from last time.`}</Muted>
    </Text>
  );
}
