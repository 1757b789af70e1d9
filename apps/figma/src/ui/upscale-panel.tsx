import { Button, Checkbox, Muted, SegmentedControl, Stack, Text } from "@create-figma-plugin/ui";
import type { PluginSettings, PriceQuote, SelectionSummary } from "../shared/messages.js";
import { IdeogramOptions } from "./ideogram-options.js";
import { buttonPrice, priceLine } from "./price-words.js";
import type { SaveSettings } from "./use-plugin-state.js";

interface UpscalePanelProps {
  settings: PluginSettings;
  save: SaveSettings;
  selection: SelectionSummary;
  quote: PriceQuote | undefined;
  running: boolean;
  onUpscale: () => void;
}

/**
 * What the selection holds, the model and options, and the button that pays: it says how many images it will
 * send and, once Ideogram has quoted it, for about how much.
 */
export function UpscalePanel({ settings, save, selection, quote, running, onUpscale }: UpscalePanelProps) {
  const { images, nodes } = selection;
  const what = images === 0 ? "" : images === 1 ? " 1 image" : ` ${images} images`;
  const line = images === 0 ? undefined : priceLine(quote);
  return (
    <Stack space="small">
      <IdeogramOptions settings={settings} save={save} />
      <Text>
        {images === 0
          ? "No image fills in the selection."
          : `${images === 1 ? "1 image" : `${images} images`} in ${nodes === 1 ? "1 layer" : `${nodes} layers`}.`}
      </Text>
      {selection.notes.map((note) => (
        <Text key={note}>{note}</Text>
      ))}
      <Checkbox value={settings.includeChildren} onValueChange={(includeChildren) => save({ includeChildren })}>
        <Text>Include layers inside selected frames and groups</Text>
      </Checkbox>
      <SegmentedControl
        aria-label="Result"
        value={settings.placement}
        options={[
          { value: "replace", children: "Replace the fill" },
          { value: "beside", children: "Place beside" },
        ]}
        onValueChange={(placement) => save({ placement: placement as PluginSettings["placement"] })}
      />
      <Button fullWidth disabled={running || images === 0} onClick={onUpscale}>
        {`Upscale${what}${images === 0 ? "" : buttonPrice(quote)}`}
      </Button>
      <div role="status" aria-label="Price" data-state={quote?.state ?? "none"}>
        {line === undefined ? null : (
          <Text>
            <Muted>{line}</Muted>
          </Text>
        )}
      </div>
    </Stack>
  );
}
