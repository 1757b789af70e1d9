import { Muted, Stack, Text, Textbox } from "@create-figma-plugin/ui";
import { IDEOGRAM_MODELS, type IdeogramModel } from "@upscale/core";
import {
  ENHANCEMENT_STRENGTHS,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Factor,
  RESOLUTION_TIERS,
} from "@upscale/core/vendor-facts";
import { useId, useState } from "preact/hooks";
import type { PluginSettings } from "../shared/messages.js";
import { SelectField } from "./select-field.js";
import type { SaveSettings } from "./use-plugin-state.js";

const LEGACY = { label: "Legacy (v1)", summary: "Ideogram's first upscale, ×2 only" } as const;

function modelFacts(model: IdeogramModel) {
  return model === "legacy"
    ? Object.assign({ factors: [2], fields: [] as string[] }, LEGACY)
    : IDEOGRAM_V2_MODELS[model];
}

/** The factor kept when the model changes: the current one if the new model offers it, else the nearest below. */
export function factorFor(model: IdeogramModel, current: IdeogramV2Factor): IdeogramV2Factor {
  const offered = modelFacts(model).factors as readonly IdeogramV2Factor[];
  if (offered.length === 0 || offered.indexOf(current) !== -1) return current;
  return offered.filter((factor) => factor < current).pop() ?? offered[0] ?? current;
}

const STRENGTH_TEXT = { low: "Low", medium: "Medium", high: "High" } as const;

/**
 * The Ideogram model and its own fields: the factor where the model takes one, a prompt (Bloom 2, Redefine),
 * the strength (Wonder 3.5) or the resolution tier (Nano Banana Pro). Each change is saved and re-prices the
 * selection.
 */
export function IdeogramOptions({ settings, save }: { settings: PluginSettings; save: SaveSettings }) {
  const model = settings.ideogramModel;
  const facts = modelFacts(model);
  const [draftPrompt, setDraftPrompt] = useState<string>();
  const promptId = useId();
  const factors = facts.factors as readonly IdeogramV2Factor[];
  return (
    <Stack space="extraSmall">
      <SelectField
        label="Model"
        showLabel
        value={model}
        options={IDEOGRAM_MODELS.map((id) => ({ value: id, text: modelFacts(id).label }))}
        onValueChange={(ideogramModel) => save({ ideogramModel, factor: factorFor(ideogramModel, settings.factor) })}
      />
      <Text>
        <Muted>{`${facts.label}: ${facts.summary}.`}</Muted>
      </Text>
      {factors.length > 1 ? (
        <SelectField
          label="Factor"
          showLabel
          value={String(settings.factor)}
          options={factors.map((factor) => ({ value: String(factor), text: `×${factor}` }))}
          onValueChange={(factor) => save({ factor: Number(factor) as IdeogramV2Factor })}
        />
      ) : null}
      {facts.fields.indexOf("prompt") !== -1 ? (
        <div class="field">
          <label class="field-label" for={promptId}>
            Prompt (optional)
          </label>
          <Textbox
            id={promptId}
            placeholder="What the image shows"
            value={draftPrompt ?? settings.prompt}
            onValueInput={setDraftPrompt}
            onBlur={() => {
              if (draftPrompt !== undefined && draftPrompt !== settings.prompt) save({ prompt: draftPrompt });
              setDraftPrompt(undefined);
            }}
          />
        </div>
      ) : null}
      {facts.fields.indexOf("enhancement_strength") !== -1 ? (
        <SelectField
          label="Strength"
          showLabel
          value={settings.strength}
          options={ENHANCEMENT_STRENGTHS.map((strength) => ({ value: strength, text: STRENGTH_TEXT[strength] }))}
          onValueChange={(strength) => save({ strength })}
        />
      ) : null}
      {facts.fields.indexOf("resolution_tier") !== -1 ? (
        <SelectField
          label="Resolution"
          showLabel
          value={settings.resolution}
          options={RESOLUTION_TIERS.map((tier) => ({ value: tier, text: tier }))}
          onValueChange={(resolution) => save({ resolution })}
        />
      ) : null}
    </Stack>
  );
}
