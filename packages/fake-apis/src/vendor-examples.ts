/**
 * The response examples printed in the vendors' pages (`shared/seeds/`), copied literally. They are test
 * vectors: the core validates them and the fake's live responses against its zod schemas, and the fake's own
 * tests check that its responses have exactly these fields — so the fake, the clients and the docs cannot
 * drift apart silently.
 */

const upsampleUsage = {
  prompt_tokens: 0,
  completion_tokens: 0,
  total_tokens: 0,
  prompt_cost: 0,
  completion_cost: 0,
  total_cost: 0,
};

const beachPrompt =
  "A serene tropical beach scene. Dominating the foreground are tall palm trees with lush green leaves, standing tall against a backdrop of a sandy beach. The beach leads to the azure waters of the sea, which gently kisses the shoreline. In the distance, there's an island or landmass with a silhouette of what appears to be a lighthouse or tower. The sky above is painted with fluffy white clouds, some of which are tinged with hues of pink and orange, suggesting either a sunrise or sunset.";

const beachImage = {
  seed: 12345,
  prompt: beachPrompt,
  resolution: "1024x1024",
  url: "https://ideogram.ai/api/images/direct/8YEpFzHuS-S6xXEGmCsf7g",
  is_image_safe: true,
};

export const vendorExamples = deepFreeze({
  gptunnel: {
    /** `POST /v1/midjourney/upsample` → the new task ("Пример ответа"). */
    upsampleCreated: {
      id: "6558a19c0bfe4600011437cd",
      parentId: "65589df803761c00010775ae",
      object: "task",
      type: "upsample",
      actions: [] as string[],
      percent: 0,
      status: "idle",
      result: null,
      error: null,
      usage: { ...upsampleUsage },
    },
    /** The same request re-sent after the task finished: answered like `/result` ("Повторная отправка"). */
    upsampleResentWhenDone: {
      id: "6558a19c0bfe4600011437cd",
      parentId: "65589df803761c00010775ae",
      object: "task",
      type: "upsample",
      actions: [
        "high_variation",
        "low_variation",
        "inpaint",
        "upscale_2x",
        "upscale_4x",
        "outpaint_50",
        "outpaint_75",
        "pan_left",
        "pan_right",
        "pan_up",
        "pan_down",
      ],
      percent: 100,
      status: "done",
      result: "https://gptunnel.ru/task/image/6558a19c0bfe4600011437cd?cache=100",
      error: null,
      usage: { ...upsampleUsage },
    },
  },
  ideogram: {
    /** `POST /ideogram/upscale` → 200 (the relay page's example). */
    upscaleResponse: {
      data: [{ ...beachImage }, { ...beachImage }],
      created: "2000-01-23T04:56:07.000Z",
    },
    /**
     * The page's example `image_request` value, with its URL-encoded prompt: a docs artefact (clients send
     * plain JSON), kept as printed so a schema test can show it still parses.
     */
    upscaleImageRequest:
      '{"resemblance":50,"magic_prompt_option":"AUTO","prompt":"A%20serene%20tropical%20beach%20","seed":12345,"detail":50}',
  },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
