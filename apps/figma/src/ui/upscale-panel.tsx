import { Button, Checkbox, SegmentedControl, Stack, Text } from "@create-figma-plugin/ui";
import type { PluginSettings, SelectionSummary } from "../shared/messages.js";
import type { SaveSettings } from "./use-plugin-state.js";

interface UpscalePanelProps {
  settings: PluginSettings;
  save: SaveSettings;
  selection: SelectionSummary;
  running: boolean;
  onUpscale: () => void;
}

/** What the selection holds, the options, and the button that pays: it says how many images it will send. */
export function UpscalePanel({ settings, save, selection, running, onUpscale }: UpscalePanelProps) {
  const { images, nodes } = selection;
  const what = images === 0 ? "" : images === 1 ? " 1 image" : ` ${images} images`;
  return (
    <Stack space="small">
      <Text>
        {images === 0
          ? "No image fills in the selection."
          : `${images === 1 ? "1 image" : `${images} images`} in ${nodes === 1 ? "1 layer" : `${nodes} layers`}, upscaled 2× by Ideogram.`}
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
        {`Upscale${what}`}
      </Button>
    </Stack>
  );
}
