import { Banner, Button, Columns, IconWarning16, Muted, Stack, Text } from "@create-figma-plugin/ui";
import type { RunStatus } from "../shared/messages.js";

interface StatusPanelProps {
  status: RunStatus;
  onCancel: () => void;
  onSetKey: () => void;
  onRetry: () => void;
  /** Polls the paid tasks left in the ledger, submitting nothing. */
  onResume: () => void;
}

/** Per-image progress with percent, the batch summary, Cancel while running, and the failure's next step. */
export function StatusPanel({ status, onCancel, onSetKey, onRetry, onResume }: StatusPanelProps) {
  return (
    <Stack space="small">
      <div role="status" aria-label="Batch status" data-run={status.runId} data-running={String(status.running)}>
        <Text>
          <strong>{status.running ? `Working: ${status.summary}` : status.summary}</strong>
        </Text>
      </div>
      <ul class="progress-list" aria-label="Progress">
        {status.items.map((item) => (
          <li key={item.id} class={`progress-item progress-${item.state}`}>
            <div class="progress-label">
              <span>{item.label}</span>
              <span>{item.state === "running" || item.state === "done" ? `${item.percent ?? 0}%` : item.state}</span>
            </div>
            <progress aria-label={`Progress of ${item.label}`} max={100} value={item.percent ?? 0} />
            {item.detail === undefined || item.detail === status.error?.message ? null : (
              <Text>
                <Muted>{item.detail}</Muted>
              </Text>
            )}
          </li>
        ))}
      </ul>
      {status.running ? (
        <Button fullWidth danger secondary onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
      {status.error === undefined ? null : (
        <Stack space="extraSmall">
          <Banner icon={<IconWarning16 />} variant="warning" role="alert">
            {status.error.message}
          </Banner>
          {status.error.next === undefined ? null : (
            <Columns space="extraSmall">
              {status.error.next === "set-key" ? (
                <Button fullWidth onClick={onSetKey}>
                  Set key
                </Button>
              ) : status.error.next === "resume" ? (
                <Button fullWidth onClick={onResume}>
                  Resume (free)
                </Button>
              ) : (
                <Button fullWidth onClick={onRetry}>
                  Retry
                </Button>
              )}
            </Columns>
          )}
        </Stack>
      )}
    </Stack>
  );
}
