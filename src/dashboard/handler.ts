/**
 * The dashboard as a web-standard handler: the page, a JSON snapshot, server-sent events.
 *
 * @module
 */

import { unrefTimer } from "../timer.ts";
import type { MetricSnapshot } from "../metrics/mod.ts";
import { appJs } from "./_app.ts";
import { AlertBoard } from "./_alerts.ts";
import { Components, History } from "./_history.ts";
import { pageHtml } from "./_page.ts";
import { styleCss } from "./_style.ts";
import { sameToken, tokenOf } from "./_token.ts";
import type { DashboardOptions } from "./options.ts";
import type { DashboardCost, DashboardMetric, DashboardSnapshot } from "./snapshot.ts";

/** Options of {@link DashboardHandler.snapshot}. */
export interface SnapshotOptions {
  /** Include each series' history. @default true */
  readonly history?: boolean;
  /** Only log lines whose `seq` is greater. @default 0 */
  readonly logsAfter?: number;
}

/** A running dashboard: a web-standard handler with its sampler. */
export interface DashboardHandler {
  /** Answers one request: `/`, `/app.js`, `/style.css`, `/api/snapshot`, `/api/events`. */
  (request: Request): Response | Promise<Response>;
  /** Samples the metrics now: records each series' history and pushes an update to open pages. */
  sample(): void;
  /** What `/api/snapshot` answers, read now. */
  snapshot(options?: SnapshotOptions): DashboardSnapshot;
  /** Stops sampling, stops listening to alerts and ends open event streams. */
  close(): void;
}

const security: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; " +
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
    "frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function respond(body: BodyInit | null, status: number, type: string, extra = {}): Response {
  return new Response(body, {
    status,
    headers: { ...security, "content-type": type, ...extra },
  });
}

/** An open event stream. */
interface Client {
  push(metrics: DashboardMetric[]): void;
  end(): void;
}

const text = "text/plain; charset=utf-8";
/**
 * Frames a client may leave unread (queued in its stream, counted by the default strategy of
 * one per chunk) before frames for it are skipped.
 */
const maxBacklog = 4;

const encoder = new TextEncoder();

function positive(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`The dashboard's ${name} must be an integer from ${min}, got ${value}`);
  }
  return value;
}

/**
 * Creates the dashboard's web-standard handler, for any server that speaks `Request` and
 * `Response` (Deno, Bun, Node through an adapter, a router). It samples the metrics every
 * `intervalMs` into a bounded history per series and pushes each sample to open pages.
 *
 * @param options The metrics and what else to show; the token; the sampling.
 * @returns The handler, with `sample()`, `snapshot()` and `close()`.
 * @throws {RangeError} If `history`, `intervalMs` or `recentAlerts` is not a valid integer.
 * @throws {TypeError} If `basePath` does not start with "/" or `token` is empty.
 * @example
 * ```ts
 * import { getMetrics, standardCatalog } from "@jido/telemetry";
 * import { dashboardHandler } from "@jido/telemetry/dashboard";
 *
 * const dashboard = dashboardHandler({ metrics: getMetrics, catalog: standardCatalog });
 * const response = await dashboard(new Request("http://127.0.0.1/api/snapshot"));
 * console.log(response.status); // 200
 * dashboard.close();
 * ```
 */
export function dashboardHandler(options: DashboardOptions): DashboardHandler {
  const capacity = positive(options.history ?? 120, "history", 1);
  const intervalMs = positive(options.intervalMs ?? 1000, "intervalMs", 0);
  const base = options.basePath ?? "";
  if (base !== "" && (!base.startsWith("/") || base.endsWith("/"))) {
    throw new TypeError(`The basePath must start with "/" and not end with it, got "${base}"`);
  }
  const token = options.token;
  if (token !== undefined && (typeof token !== "string" || token === "")) {
    throw new TypeError("The dashboard's token must be a non-empty string");
  }
  const clock = options.clock ?? Date.now;
  const source = options.metrics;
  const readSource: () => readonly MetricSnapshot[] = typeof source === "function"
    ? source
    : () => source.snapshot();
  /** The metrics, or none when the source throws: a page without charts, not a crash. */
  const read = (): readonly MetricSnapshot[] => {
    try {
      return readSource();
    } catch {
      return [];
    }
  };
  const history = new History(capacity, new Components(options.catalog));
  const alerts = options.alerts === false
    ? undefined
    : new AlertBoard(positive(options.recentAlerts ?? 50, "recentAlerts", 1), clock);
  const clients = new Set<Client>();
  let closed = false;

  const cost = (): DashboardCost[] | null => {
    if (options.cost === undefined) return null;
    try {
      return Object.entries(options.cost()).map(([model, c]) => ({
        model,
        cost: c.cost,
        ...(c.responses === undefined ? {} : { responses: c.responses }),
      })).sort((a, b) => b.cost - a.cost || (a.model < b.model ? -1 : 1));
    } catch {
      return [];
    }
  };
  const logLines = (after: number) => {
    try {
      return options.logs === undefined ? null : options.logs.lines(after);
    } catch {
      return [];
    }
  };
  const build = (metrics: DashboardMetric[], logsAfter: number): DashboardSnapshot => ({
    time: clock(),
    intervalMs,
    history: capacity,
    metrics,
    logs: logLines(logsAfter),
    alerts: { active: alerts?.active() ?? [], recent: alerts?.recent() ?? [] },
    cost: cost(),
  });
  const snapshot = (o: SnapshotOptions = {}): DashboardSnapshot =>
    build(history.view(read(), o.history ?? true), o.logsAfter ?? 0);

  const sample = (): void => {
    if (closed) return;
    // Each client's push catches its own failure; `read` never throws.
    const metrics = read();
    history.record(clock(), metrics);
    const view = history.view(metrics, false);
    for (const client of clients) client.push(view);
  };
  const timer = intervalMs === 0 ? undefined : unrefTimer(setInterval(() => {
    try {
      sample();
    } catch {
      // A source that throws once is read again at the next tick.
    }
  }, intervalMs));

  const events = (logsAfter: number): Response => {
    let client: Client | undefined;
    let id = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const push = (metrics: DashboardMetric[]) => {
          try {
            // A client that stops reading (a sleeping laptop) gets no more frames queued for
            // it past a few: the next one it reads carries the latest values and the logs since.
            if ((controller.desiredSize ?? 0) < -maxBacklog) return;
            const data = build(metrics, logsAfter);
            const logs = data.logs;
            if (logs !== null && logs.length > 0) logsAfter = logs[logs.length - 1].seq;
            const frame = `id: ${++id}\nevent: snapshot\ndata: ${JSON.stringify(data)}\n\n`;
            controller.enqueue(encoder.encode(frame));
          } catch {
            clients.delete(client!);
          }
        };
        const end = () => {
          clients.delete(client!);
          try {
            controller.close();
          } catch {
            // Already closed or cancelled.
          }
        };
        client = { push, end };
        controller.enqueue(encoder.encode(`retry: ${Math.max(1000, intervalMs)}\n\n`));
        push(history.view(read(), false));
        clients.add(client);
        if (closed) end();
      },
      cancel() {
        if (client !== undefined) clients.delete(client);
      },
    });
    return respond(stream, 200, "text/event-stream; charset=utf-8", {
      "x-accel-buffering": "no",
    });
  };

  const handle = (request: Request): Response => {
    try {
      return route(request);
    } catch {
      return respond("Internal Server Error\n", 500, text);
    }
  };

  const route = (request: Request): Response => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(base)) return respond("Not Found\n", 404, text);
    if (base !== "" && url.pathname === base) {
      return respond(null, 308, text, { location: base + "/" + url.search });
    }
    const path = url.pathname.slice(base.length);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return respond("Method Not Allowed\n", 405, text, { allow: "GET, HEAD" });
    }
    if (path === "/app.js") return respond(appJs, 200, "text/javascript; charset=utf-8");
    if (path === "/style.css") return respond(styleCss, 200, "text/css; charset=utf-8");
    if (path !== "/" && path !== "/api/snapshot" && path !== "/api/events") {
      return respond("Not Found\n", 404, text);
    }
    if (token !== undefined && !sameToken(tokenOf(request, url) ?? "", token)) {
      return respond("Unauthorized\n", 401, text, {
        "www-authenticate": 'Bearer realm="dashboard"',
      });
    }
    if (path === "/") return respond(pageHtml, 200, "text/html; charset=utf-8");
    const after = Number(url.searchParams.get("logsAfter") ?? 0);
    const logsAfter = Number.isFinite(after) ? after : 0;
    if (path === "/api/events") {
      // A HEAD gets the headers only: a stream nobody reads would stay open.
      if (request.method === "HEAD") {
        return respond(null, 200, "text/event-stream; charset=utf-8");
      }
      return events(logsAfter);
    }
    const data = snapshot({ history: url.searchParams.get("history") !== "0", logsAfter });
    return respond(JSON.stringify(data), 200, "application/json; charset=utf-8");
  };

  return Object.assign(handle, {
    sample,
    snapshot,
    close: () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      alerts?.close();
      for (const client of [...clients]) client.end();
    },
  });
}
