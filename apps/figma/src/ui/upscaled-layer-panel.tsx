import { Button, Columns, Muted, Stack, Text } from "@create-figma-plugin/ui";
import type { UpscaledSelection } from "../shared/messages.js";

interface UpscaledLayerPanelProps {
  upscaled: UpscaledSelection;
  running: boolean;
  onCompare: () => void;
  onRevert: () => void;
}

/** For a selected layer this plugin upscaled: look at the old and new image, or take the upscale back. */
export function UpscaledLayerPanel({ upscaled, running, onCompare, onRevert }: UpscaledLayerPanelProps) {
  const others = upscaled.revertible > 1 ? ` and ${upscaled.revertible - 1} more` : "";
  return (
    <Stack space="extraSmall">
      <Text>
        <Muted>{`“${upscaled.name}”${others} upscaled by this plugin.`}</Muted>
      </Text>
      <Columns space="extraSmall">
        <Button fullWidth secondary disabled={!upscaled.comparable} onClick={onCompare}>
          Compare
        </Button>
        <Button fullWidth secondary disabled={running || upscaled.revertible === 0} onClick={onRevert}>
          Revert
        </Button>
      </Columns>
      {upscaled.comparable ? null : (
        <Text>
          <Muted>Select one layer to compare it.</Muted>
        </Text>
      )}
      {upscaled.revertible > 0 ? null : (
        <Text>
          <Muted>Revert is for layers upscaled in place: delete a copy placed beside to take it back.</Muted>
        </Text>
      )}
    </Stack>
  );
}
