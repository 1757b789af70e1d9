import { Button, Muted, Text } from "@create-figma-plugin/ui";
import { type CompareView, createCompareView } from "@upscale/compare-view";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ComparePayload } from "../shared/messages.js";
import { compareImages } from "./compare-images.js";

interface ComparePanelProps {
  payload: ComparePayload;
  onClose: () => void;
}

/**
 * The shared compare view (`@upscale/compare-view`: slider, side by side, difference, sizes) on the two images the
 * main thread read from Figma, as blob URLs in this iframe. Nothing on the canvas changes. Escape closes it.
 */
export function ComparePanel({ payload, onClose }: ComparePanelProps) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let view: CompareView | undefined;
    let closed = false;
    compareImages(payload).then(
      ({ original, result, labels }) => {
        if (closed || host.current === null) return;
        view = createCompareView(host.current, { original, result, labels });
      },
      (failure: unknown) => setError(`Compare cannot show these images: ${(failure as Error).message}`),
    );
    return () => {
      closed = true;
      view?.dispose();
    };
  }, [payload]);
  return (
    <section
      class="compare-panel"
      aria-label={`Compare “${payload.layer}”`}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <div class="compare-header">
        <Text>
          <strong>{`Compare “${payload.layer}”`}</strong>
        </Text>
        <Button secondary onClick={onClose}>
          Close compare
        </Button>
      </div>
      {error === undefined ? null : (
        <Text>
          <Muted>{error}</Muted>
        </Text>
      )}
      <div ref={host} class="compare-host" />
    </section>
  );
}
