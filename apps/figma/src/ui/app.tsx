import { Container, Disclosure, Divider, Muted, Text, VerticalSpace } from "@create-figma-plugin/ui";
import { useEffect, useRef, useState } from "preact/hooks";
import type { UiToMain } from "../shared/messages.js";
import { post } from "./messaging.js";
import { MidjourneyPanel } from "./midjourney-panel.js";
import { SelectField } from "./select-field.js";
import { SettingsPanel } from "./settings-panel.js";
import { StatusPanel } from "./status-panel.js";
import { UpscalePanel } from "./upscale-panel.js";
import { usePluginState } from "./use-plugin-state.js";

export function App() {
  const { save, init, settings, keys, selection, status } = usePluginState();
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
          running={running}
          onUpscale={() => act("upscale", {})}
        />
      ) : (
        <MidjourneyPanel selection={selection} running={running} onAction={act} />
      )}
      {init.resuming > 0 && (status === undefined || status.running) ? (
        <Text>
          <Muted>{`Resuming ${init.resuming} paid Midjourney ${init.resuming === 1 ? "task" : "tasks"} from last time.`}</Muted>
        </Text>
      ) : null}
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
        <SettingsPanel key={settings.provider} settings={settings} save={save} keys={keys} keyInput={keyInput} />
      </Disclosure>
      <VerticalSpace space="medium" />
    </Container>
  );
}
