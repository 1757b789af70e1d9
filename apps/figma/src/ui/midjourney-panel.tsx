import { Button, Columns, Muted, Stack, Text, Textbox } from "@create-figma-plugin/ui";
import { useState } from "preact/hooks";
import type { MidjourneyIndex, SelectionSummary, UiToMain } from "../shared/messages.js";

interface MidjourneyPanelProps {
  selection: SelectionSummary;
  running: boolean;
  onAction: <K extends "imagine" | "upsample" | "variation" | "fetch-task">(name: K, payload: UiToMain[K]) => void;
}

const INDEXES: MidjourneyIndex[] = [1, 2, 3, 4];

/**
 * Imagine a grid onto the canvas; on a selected grid, upsample or vary one of its four images (1 top-left,
 * 2 top-right, 3 bottom-left, 4 bottom-right); or bring in a task by its id.
 */
export function MidjourneyPanel({ selection, running, onAction }: MidjourneyPanelProps) {
  const [prompt, setPrompt] = useState("");
  const [taskId, setTaskId] = useState("");
  const grid = selection.grid;
  return (
    <Stack space="small">
      <Textbox
        aria-label="Prompt"
        placeholder="A lighthouse at dawn, watercolor"
        value={prompt}
        onValueInput={setPrompt}
      />
      <Button
        fullWidth
        disabled={running || prompt.trim() === ""}
        onClick={() => onAction("imagine", { prompt: prompt.trim() })}
      >
        Imagine (charged)
      </Button>
      {grid === undefined ? (
        <Text>
          <Muted>Select a grid placed by this plugin to upsample or vary one of its images.</Muted>
        </Text>
      ) : (
        <Stack space="extraSmall">
          <Text>{`Grid ${grid.taskId}: 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right`}</Text>
          <IndexButtons label="Upsample" disabled={running} onPick={(index) => onAction("upsample", { index })} />
          <IndexButtons
            label="Vary"
            secondary
            disabled={running}
            onPick={(index) => onAction("variation", { index })}
          />
        </Stack>
      )}
      <Columns space="extraSmall">
        <Textbox
          aria-label="Task id"
          placeholder="Task id (24 hex characters)"
          value={taskId}
          onValueInput={setTaskId}
        />
      </Columns>
      <Button
        fullWidth
        secondary
        disabled={running || taskId.trim() === ""}
        onClick={() => onAction("fetch-task", { taskId: taskId.trim() })}
      >
        Fetch task
      </Button>
    </Stack>
  );
}

interface IndexButtonsProps {
  label: "Upsample" | "Vary";
  secondary?: boolean;
  disabled: boolean;
  onPick: (index: MidjourneyIndex) => void;
}

/** One button per grid image, after the action's name; a variation is charged, and its accessible name says so. */
function IndexButtons({ label, secondary = false, disabled, onPick }: IndexButtonsProps) {
  return (
    <Stack space="extraSmall">
      <Text>
        <Muted>{label === "Vary" ? "Make a variation of one image (charged)" : "Upsample one image"}</Muted>
      </Text>
      <Columns space="extraSmall">
        {INDEXES.map((index) => (
          <Button
            key={index}
            fullWidth
            secondary={secondary}
            disabled={disabled}
            aria-label={label === "Vary" ? `Variation ${index} (charged)` : `Upsample ${index}`}
            onClick={() => onPick(index)}
          >
            {String(index)}
          </Button>
        ))}
      </Columns>
    </Stack>
  );
}
