import { Button, Link, Muted, Stack, Text } from "@create-figma-plugin/ui";
import { useRef, useState } from "preact/hooks";

interface PaidLinkProps {
  url: string;
  /** Whose result it is: the layer or task it was for. */
  label: string;
  onOpen: (url: string) => void;
}

/**
 * A result that was paid for but not downloaded: its short-lived link, shown in a field, opened in the browser
 * (the main thread's `figma.openExternal`) or copied.
 */
export function PaidLink({ url, label, onOpen }: PaidLinkProps) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();
  const copy = () => {
    field.current?.select();
    // Figma's plugin iframe is not allowed the async Clipboard API; copying a selected field is.
    setCopied(document.execCommand("copy") ? "Link copied." : "Could not copy: select the link and copy it.");
  };
  return (
    <Stack space="extraSmall">
      <Text>
        <Muted>{`${label}: paid for but not downloaded. The link works for a short time only.`}</Muted>
      </Text>
      <input
        ref={field}
        class="paid-link"
        aria-label={`Paid result link of ${label}`}
        readOnly
        value={url}
        onFocus={(event) => event.currentTarget.select()}
      />
      <div class="paid-link-actions">
        <Button secondary onClick={copy}>
          Copy link
        </Button>
        <Link
          href={url}
          target="_blank"
          onClick={(event) => {
            event.preventDefault();
            onOpen(url);
          }}
        >
          Open link
        </Link>
      </div>
      <div aria-live="polite">
        {copied === undefined ? null : (
          <Text>
            <Muted>{copied}</Muted>
          </Text>
        )}
      </div>
    </Stack>
  );
}
