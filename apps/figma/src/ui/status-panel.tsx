import { Banner, Button, Columns, IconWarning16, Muted, Stack, Text } from "@create-figma-plugin/ui";
import type { RunError, RunStatus } from "../shared/messages.js";
import { PaidLink } from "./paid-link.js";

export interface NextStepActions {
  onSetKey: () => void;
  onOpenSettings: () => void;
  onRetry: () => void;
  /** Polls the paid tasks left in the ledger, submitting nothing. */
  onResume: () => void;
  onOpenLink: (url: string) => void;
}

interface StatusPanelProps extends NextStepActions {
  status: RunStatus;
  onCancel: () => void;
}

/** Per-image progress with percent, the batch summary, Cancel while running, and the failure's next step. */
export function StatusPanel({ status, onCancel, ...actions }: StatusPanelProps) {
  const error = status.error;
  // One link per paid result: an item's, or the run's own when no item carries it.
  const links = status.items
    .filter((item) => item.resultUrl !== undefined)
    .map((item) => ({ url: item.resultUrl ?? "", label: item.label }));
  if (error?.resultUrl !== undefined && !links.some((link) => link.url === error.resultUrl)) {
    links.push({ url: error.resultUrl, label: "The result" });
  }
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
            {item.detail === undefined || item.detail === error?.message ? null : (
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
      {error === undefined ? null : (
        <Stack space="extraSmall">
          <Banner icon={<IconWarning16 />} variant="warning" role="alert">
            {error.message}
          </Banner>
          {links.map((link) => (
            <PaidLink key={link.url} url={link.url} label={link.label} onOpen={actions.onOpenLink} />
          ))}
          <NextStepButton error={error} actions={actions} />
        </Stack>
      )}
    </Stack>
  );
}

/** The one button the core's report asks for; none for `none` and `top-up` (the message says what to do). */
function NextStepButton({ error, actions }: { error: RunError; actions: NextStepActions }) {
  const button = (text: string, onClick: () => void) => (
    <Columns space="extraSmall">
      <Button fullWidth onClick={onClick}>
        {text}
      </Button>
    </Columns>
  );
  switch (error.next) {
    case "set-key":
      return button("Set key", actions.onSetKey);
    case "resume":
      return button("Resume (free)", actions.onResume);
    case "retry":
      return button(error.retryCharges ? "Retry (charged)" : "Retry", actions.onRetry);
    case "fix-settings":
      return button("Open settings", actions.onOpenSettings);
    default:
      return null;
  }
}
