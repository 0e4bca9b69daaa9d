/**
 * Pushing to a Prometheus Pushgateway, for processes that end before any scrape.
 *
 * @module
 */

import { onIdleExit } from "../host.ts";
import { contentTypes } from "./_render.ts";

/** Where and how to push. */
export interface PushgatewayOptions {
  /** The gateway's base URL, e.g. `"http://127.0.0.1:9091"`. */
  readonly url: string;
  /** The `job` of the grouping key, e.g. `"coder-cli"`. */
  readonly job: string;
  /**
   * The rest of the grouping key, e.g. `{ instance: "run-42" }`: the group this process's
   * metrics replace. Give each concurrent process its own, or they overwrite each other.
   * @default {}
   */
  readonly groupingKey?: Readonly<Record<string, string>>;
  /**
   * `"replace"` (HTTP PUT): the push replaces every metric of the group, so metrics this
   * process no longer has disappear. `"add"` (HTTP POST): the push replaces only the metrics it
   * carries, and the group keeps the others (values are never summed by the gateway: a pushed
   * series replaces the one of the same name and labels).
   * @default "replace"
   */
  readonly mode?: "replace" | "add";
  /** Milliseconds before a push is abandoned. @default 10000 */
  readonly timeoutMs?: number;
}

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A grouping key value in a URL path: plain when it can be, else `@base64` (base64url): empty
 * values, `.` and `..`, and values with a `/`.
 */
function segment(name: string, value: string): string {
  // "." and ".." would be collapsed by URL parsing, and an empty segment dropped.
  if (value !== "" && value !== "." && value !== ".." && !value.includes("/")) {
    return `${name}/${encodeURIComponent(value)}`;
  }
  let binary = "";
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  const b64 = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_");
  return `${name}@base64/${b64 === "" ? "=" : b64}`;
}

/**
 * The URL of a grouping key: `<url>/metrics/job/<job>{/<label>/<value>}`.
 *
 * @param options The gateway's URL, the job and the grouping key.
 * @returns The URL to PUT or POST to.
 * @throws {TypeError} If the job is empty or a grouping key label name is invalid.
 * @example
 * ```ts
 * import { pushgatewayUrl } from "@jido/telemetry/prometheus";
 *
 * pushgatewayUrl({ url: "http://127.0.0.1:9091", job: "cli", groupingKey: { path: "/tmp" } });
 * // "http://127.0.0.1:9091/metrics/job/cli/path@base64/L3RtcA=="
 * ```
 */
export function pushgatewayUrl(options: PushgatewayOptions): string {
  const { url, job, groupingKey = {} } = options;
  if (typeof url !== "string" || url === "") {
    throw new TypeError("The Pushgateway url must be a non-empty string");
  }
  if (typeof job !== "string" || job === "") {
    throw new TypeError("The Pushgateway job must be a non-empty string");
  }
  let path = `${url.replace(/\/+$/, "")}/metrics/${segment("job", job)}`;
  for (const [name, value] of Object.entries(groupingKey)) {
    if (!labelName.test(name) || name.startsWith("__") || name === "job") {
      throw new TypeError(`Grouping key label ${JSON.stringify(name)} is not a valid label name`);
    }
    if (typeof value !== "string") {
      throw new TypeError(`Grouping key label "${name}" must have a string value`);
    }
    path += `/${segment(name, value)}`;
  }
  return path;
}

/** Checks push options when a reporter is made, so a mistake does not wait for the exit. */
export function checkPushOptions(options: PushgatewayOptions): void {
  pushgatewayUrl(options);
  const mode = options.mode ?? "replace";
  if (mode !== "replace" && mode !== "add") {
    throw new TypeError(`The Pushgateway mode must be "replace" or "add", got ${String(mode)}`);
  }
  const timeout = options.timeoutMs ?? 10_000;
  if (!(typeof timeout === "number" && timeout > 0 && timeout <= 2_147_483_647)) {
    throw new RangeError(`The Pushgateway timeoutMs must be positive, got ${String(timeout)}`);
  }
}

/**
 * Pushes an exposition in the text format to a Pushgateway.
 *
 * @param options Where and how.
 * @param body The exposition.
 * @throws {Error} Rejects with the gateway's status and answer, or the network error.
 */
export async function pushToGateway(options: PushgatewayOptions, body: string): Promise<void> {
  const url = pushgatewayUrl(options);
  const mode = options.mode ?? "replace";
  if (mode !== "replace" && mode !== "add") {
    throw new TypeError(`The Pushgateway mode must be "replace" or "add", got ${String(mode)}`);
  }
  const response = await fetch(url, {
    method: mode === "replace" ? "PUT" : "POST",
    headers: { "content-type": contentTypes.text },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) {
    const answer = (await response.text()).trim().slice(0, 500);
    throw new Error(
      `The Pushgateway at ${url} answered ${response.status}${answer === "" ? "" : `: ${answer}`}`,
    );
  }
  await response.body?.cancel();
}

/**
 * Pushes once when the process is about to exit for want of work; a failure is one line on
 * stderr. Returns a function that stops watching.
 */
export function watchExit(options: PushgatewayOptions, body: () => string): () => void {
  let pushed = false;
  const stop = onIdleExit(() => {
    if (pushed) return;
    pushed = true;
    pushToGateway(options, body()).catch((error: unknown) => {
      console.error(
        `[telemetry] Pushing metrics at exit failed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    });
  });
  return stop;
}
