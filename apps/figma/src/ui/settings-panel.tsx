import { Button, Columns, Muted, Stack, Text, Textbox, VerticalSpace } from "@create-figma-plugin/ui";
import { describeGptunnelBalance } from "@upscale/core";
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { BalanceReport, KeyService, MaskedKeys, PluginSettings } from "../shared/messages.js";
import { post } from "./messaging.js";
import { SelectField } from "./select-field.js";
import type { SaveSettings } from "./use-plugin-state.js";

interface SettingsPanelProps {
  settings: PluginSettings;
  save: SaveSettings;
  keys: MaskedKeys;
  keyInput: RefObject<HTMLInputElement>;
  balance: BalanceReport | undefined;
}

/** GPTunnel's balance in the core's words (it may be negative, down to the credit limit), or why there is none. */
export function balanceWords(report: BalanceReport): string {
  return "error" in report ? `Balance unavailable: ${report.error}` : describeGptunnelBalance(report);
}

/** Base URL, key style and API key of the chosen provider. The stored key is shown masked, never in full. */
export function SettingsPanel({ settings, save, keys, keyInput, balance }: SettingsPanelProps) {
  const service: KeyService = settings.provider === "ideogram" ? "ideogram" : "gptunnel";
  const baseUrlField = settings.provider === "ideogram" ? "ideogramBaseUrl" : "gptunnelBaseUrl";
  const [draftKey, setDraftKey] = useState("");
  const [draftUrl, setDraftUrl] = useState<string>();
  const masked = keys[service];
  // Read when Settings opens on GPTunnel with a key, and again when the key changes.
  useEffect(() => {
    if (service === "gptunnel" && masked.set) post("balance", {});
  }, [service, masked.set, masked.masked]);
  const saveKey = () => {
    if (draftKey.trim() === "") return;
    post("set-key", { service, key: draftKey.trim() });
    setDraftKey("");
  };
  return (
    <Stack space="extraSmall">
      <Text>
        <Muted>Base URL — a relay, or the local fake; it must answer CORS</Muted>
      </Text>
      <Textbox
        aria-label="Base URL"
        value={draftUrl ?? settings[baseUrlField]}
        onValueInput={setDraftUrl}
        onBlur={() => {
          if (draftUrl !== undefined && draftUrl.trim() !== settings[baseUrlField]) {
            save({ [baseUrlField]: draftUrl.trim() });
          }
          setDraftUrl(undefined);
        }}
      />
      {settings.provider === "ideogram" ? (
        <SelectField
          label="Key style"
          value={settings.ideogramAuth}
          options={[
            { value: "official", text: "Api-Key header (Ideogram)" },
            { value: "relay", text: "Bearer token (relay)" },
          ]}
          onValueChange={(ideogramAuth) => save({ ideogramAuth })}
        />
      ) : null}
      <VerticalSpace space="extraSmall" />
      <Text>
        <Muted>{masked.set ? `API key saved: ${masked.masked}` : "No API key saved"}</Muted>
      </Text>
      <Columns space="extraSmall">
        <Textbox
          ref={keyInput}
          aria-label="API key"
          password
          placeholder={masked.set ? "Enter a new key to replace it" : "Paste your key"}
          value={draftKey}
          onValueInput={setDraftKey}
          onKeyDown={(event) => {
            if (event.key === "Enter") saveKey();
          }}
        />
      </Columns>
      <Columns space="extraSmall">
        <Button fullWidth secondary disabled={draftKey.trim() === ""} onClick={saveKey}>
          Save key
        </Button>
        <Button fullWidth secondary danger disabled={!masked.set} onClick={() => post("clear-key", { service })}>
          Clear key
        </Button>
      </Columns>
      <VerticalSpace space="extraSmall" />
      {service === "gptunnel" ? (
        <Stack space="extraSmall">
          <div role="status" aria-label="Balance">
            <Text>
              <Muted>
                {masked.set
                  ? balance === undefined
                    ? "Reading the balance…"
                    : balanceWords(balance)
                  : "Save a key to see the balance."}
              </Muted>
            </Text>
          </div>
          <Button fullWidth secondary disabled={!masked.set} onClick={() => post("balance", {})}>
            Refresh balance
          </Button>
        </Stack>
      ) : (
        <Text>
          <Muted>Ideogram has no balance API: the Upscale button shows each run's price before you pay.</Muted>
        </Text>
      )}
    </Stack>
  );
}
