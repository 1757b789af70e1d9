import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import {
  GPTUNNEL_CALLS,
  GPTUNNEL_ERRORS,
  GPTUNNEL_MIDJOURNEY_PATH,
  type GptunnelOperation,
} from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";
import { gptunnelError } from "./gptunnel-errors.js";
import { renderGrid, upsampleQuadrant } from "./grid-image.js";
import { jsonReply, type Reply } from "./http-reply.js";
import type { ImageHost } from "./image-host.js";
import { type FakeKeys, isAuthorized } from "./keys.js";
import {
  checkTaskId,
  parseImagine,
  parseJsonObject,
  parseUpsample,
  parseVariation,
  type QuadrantIndex,
} from "./midjourney-requests.js";
import {
  DEFAULT_TASK_ERROR,
  type TaskOutcome,
  type TaskTimeline,
  type TaskType,
  taskObject,
  taskPhase,
} from "./midjourney-task.js";
import { readBody } from "./read-body.js";
import type { Route, RouteRequest } from "./request-pipeline.js";
import type { Endpoint } from "./scenario.js";
import type { RequestPlan, ScenarioState } from "./scenario-state.js";

const JSON_BODY_LIMIT = 1024 * 1024;

/** Generations a call costs. The fake models Midjourney v5 on, where an upsample (billed "maybe") is free. */
const generationsFor = (operation: GptunnelOperation) => (GPTUNNEL_CALLS[operation].billed === "yes" ? 1 : 0);

interface TaskRecord extends TaskTimeline {
  id: string;
  parentId: string | null;
  type: TaskType;
  /** The text its grid was drawn from; upsamples keep their parent's. */
  gridText: string;
  generationsCharged: number;
  imageTtlMs: number;
  image: Promise<Buffer>;
  resultUrl?: string;
  /** Upsamples already made from this grid, by quadrant: re-sending returns the same task. */
  upsamples: Map<QuadrantIndex, TaskRecord>;
  variations: number;
}

/** The four GPTunnel Midjourney endpoints, sharing one task store. */
export function midjourneyRoutes(deps: {
  state: ScenarioState;
  images: ImageHost;
  keys: FakeKeys;
  now: () => number;
}): Route[] {
  const { state, images, keys, now } = deps;
  const tasks = new Map<string, TaskRecord>();

  function createTask(
    fields: Pick<TaskRecord, "parentId" | "type" | "gridText" | "generationsCharged" | "image">,
    plan: RequestPlan,
  ): TaskRecord {
    const { task, images: imageSettings } = state.scenario;
    // Rendering runs in the background; a failure surfaces when the result is first shown.
    fields.image.catch(() => undefined);
    const record: TaskRecord = {
      ...fields,
      id: newTaskId(now()),
      createdAt: now(),
      durationMs: task.durationMs,
      runningStatus: plan.task?.kind === "unknown-status" ? plan.task.status : task.runningStatus,
      outcome: outcomeFor(plan.task),
      imageTtlMs: imageSettings.ttlMs,
      upsamples: new Map(),
      variations: 0,
    };
    tasks.set(record.id, record);
    return record;
  }

  async function show(task: TaskRecord): Promise<Reply> {
    const phase = taskPhase(task, now());
    if (phase.done && task.resultUrl === undefined) {
      const expiresAt = task.createdAt + task.durationMs + task.imageTtlMs;
      task.resultUrl =
        state.scenario.images.resultLink ??
        images.publish(`/task/image/${task.id}`, await task.image, expiresAt, "cache=100");
    }
    return jsonReply(200, taskObject(task, phase, task.resultUrl ?? null));
  }

  /** The finished grid a request names, or the reason it cannot be used. */
  function finishedParent(taskId: string): Checked<TaskRecord> {
    const parent = tasks.get(taskId);
    if (parent === undefined) return { ok: false, message: `Task ${taskId} not found.` };
    if (!taskPhase(parent, now()).done) {
      return { ok: false, message: `Task ${taskId} is not finished yet: wait until its status is "done".` };
    }
    return { ok: true, value: parent };
  }

  const { insufficientBalance, unauthorized } = GPTUNNEL_ERRORS;
  const noBalance = () => gptunnelError(insufficientBalance.status, insufficientBalance.message);

  return [
    route("imagine", "POST", async ({ req, plan }) => {
      const body = await jsonBody(req);
      if (!body.ok) return invalid(body.message);
      const request = parseImagine(body.value);
      if (!request.ok) return invalid(request.message);
      const cost = generationsFor("imagine");
      if (!state.charge(cost)) return noBalance();
      const { prompt } = request.value;
      const task = createTask(
        { parentId: null, type: "imagine", gridText: prompt, generationsCharged: cost, image: renderGrid(prompt) },
        plan,
      );
      return show(task);
    }),

    route("result", "GET", async ({ url }) => {
      const taskId = checkTaskId(url.searchParams.get("taskId"));
      if (!taskId.ok) return invalid(`${taskId.message} Call GET /result?taskId=<id>.`);
      const task = tasks.get(taskId.value);
      return task === undefined ? invalid(`Task ${taskId.value} not found.`) : show(task);
    }),

    route("upsample", "POST", async ({ req, plan }) => {
      const body = await jsonBody(req);
      if (!body.ok) return invalid(body.message);
      const request = parseUpsample(body.value);
      if (!request.ok) return invalid(request.message);
      const parent = finishedParent(request.value.taskId);
      if (!parent.ok) return invalid(parent.message);
      const grid = parent.value;
      if (grid.type === "upsample") return invalid("That task is an upsample: upsample a grid (imagine or variation).");
      const { image } = request.value;
      const existing = grid.upsamples.get(image);
      if (existing !== undefined) return show(existing);
      const cost = generationsFor("upsample");
      if (!state.charge(cost)) return noBalance();
      const task = createTask(
        {
          parentId: grid.id,
          type: "upsample",
          gridText: grid.gridText,
          generationsCharged: cost,
          image: grid.image.then((bytes) => upsampleQuadrant(bytes, image)),
        },
        plan,
      );
      grid.upsamples.set(image, task);
      return show(task);
    }),

    route("variation", "POST", async ({ req, plan }) => {
      const body = await jsonBody(req);
      if (!body.ok) return invalid(body.message);
      const request = parseVariation(body.value);
      if (!request.ok) return invalid(request.message);
      const parent = finishedParent(request.value.taskId);
      if (!parent.ok) return invalid(parent.message);
      const { image, mode } = request.value;
      if (parent.value.type === "upsample" && mode === undefined) {
        return invalid('mode is required when the parent is an upsample: "high" or "low".');
      }
      if (parent.value.type !== "upsample" && image === undefined) {
        return invalid("image is required when the parent is a grid: 1, 2, 3 or 4.");
      }
      const cost = generationsFor("variation");
      if (!state.charge(cost)) return noBalance();
      parent.value.variations += 1;
      const gridText = `${parent.value.gridText}\nvariation ${image ?? mode} #${parent.value.variations}`;
      const task = createTask(
        {
          parentId: parent.value.id,
          type: "variation",
          gridText,
          generationsCharged: cost,
          image: renderGrid(gridText),
        },
        plan,
      );
      return show(task);
    }),
  ];

  function route(endpoint: Endpoint, method: "GET" | "POST", handle: (r: RouteRequest) => Promise<Reply>): Route {
    const path = `${GPTUNNEL_MIDJOURNEY_PATH}/${endpoint}`;
    return {
      endpoint,
      method,
      matches: (p) => p === path,
      guard: (req) =>
        isAuthorized(req, "gptunnel", keys)
          ? undefined
          : gptunnelError(
              unauthorized.status,
              "Unauthorized: send your GPTunnel API key as the Authorization header (the raw key, no Bearer).",
            ),
      errorReply: (status, message) => gptunnelError(status, message),
      handle,
    };
  }
}

function invalid(message: string): Reply {
  return gptunnelError(400, message);
}

async function jsonBody(req: IncomingMessage): Promise<Checked<Record<string, unknown>>> {
  const body = await readBody(req, JSON_BODY_LIMIT);
  if (!body.ok) return { ok: false, message: "The request body is too large: send a small JSON object." };
  return parseJsonObject(body.bytes.toString("utf8"));
}

function outcomeFor(fault: RequestPlan["task"]): TaskOutcome {
  if (fault?.kind === "never-finish") return { kind: "never-finish" };
  if (fault?.kind === "task-fails") {
    return { kind: "fails", status: fault.status ?? "failed", error: fault.error ?? DEFAULT_TASK_ERROR };
  }
  return { kind: "done" };
}

/** 24 hex characters, shaped like the MongoDB object ids GPTunnel uses: a seconds timestamp, then random bytes. */
function newTaskId(now: number): string {
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0");
  return seconds + randomBytes(8).toString("hex");
}
