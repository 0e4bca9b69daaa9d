/**
 * A dashboard server for Node, Bun and Deno: loopback by default, a token required elsewhere.
 *
 * @module
 */

import { listen } from "../http_server.ts";
import { hostOf, isLoopback, sameToken, tokenOf } from "./_token.ts";
import { type DashboardHandler, dashboardHandler } from "./handler.ts";
import type { DashboardOptions } from "./options.ts";

/** Options of {@link serveDashboard}: what to show, and where to listen. */
export interface ServeDashboardOptions extends DashboardOptions {
  /** The port; `0` picks a free one (read it from the returned server). @default 4000 */
  readonly port?: number;
  /**
   * The address to listen on. Loopback by default; any other (`"0.0.0.0"`, `"::"`, a LAN
   * address) requires a `token` of at least 16 characters.
   * @default "127.0.0.1"
   */
  readonly hostname?: string;
  /**
   * A Prometheus reporter (`createPrometheusReporter()`) whose `/metrics` this server also
   * serves, so one port gives both the page and the scrape; behind the same token when there
   * is one (Prometheus sends it with `authorization: { credentials: ... }`).
   */
  readonly prometheus?: { readonly handler: (request: Request) => Response | Promise<Response> };
}

/** A running dashboard server. */
export interface DashboardServer {
  /** The page's URL, e.g. `"http://127.0.0.1:4000/"` (without the token). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The address it listens on. */
  readonly hostname: string;
  /** The handler it serves (to call `sample()` or `snapshot()`). */
  readonly handler: DashboardHandler;
  /** Stops listening, closes open connections and the handler. */
  close(): Promise<void>;
}

/**
 * Serves the live dashboard at `http://<hostname>:<port>/` (Node and Bun through `node:http`,
 * Deno through `Deno.serve`). On loopback without a token, requests naming another host are
 * refused (403), so that a web page cannot read the dashboard through DNS rebinding.
 *
 * @param options What to show (see {@link dashboardHandler}), the port and address.
 * @returns The server, once it listens.
 * @throws {Error} If the address is not loopback and no token of 16 characters or more is
 * given; rejects if the address is taken or the runtime has no HTTP server.
 * @example
 * ```ts
 * import { getMetrics, standardCatalog } from "@jido/telemetry";
 * import { serveDashboard } from "@jido/telemetry/dashboard";
 *
 * const dashboard = await serveDashboard({
 *   metrics: getMetrics,
 *   catalog: standardCatalog,
 *   port: 0,
 * });
 * console.log(dashboard.url); // e.g. "http://127.0.0.1:40123/"
 * await dashboard.close();
 * ```
 */
export async function serveDashboard(options: ServeDashboardOptions): Promise<DashboardServer> {
  const { port = 4000, hostname = "127.0.0.1", token } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`The port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (typeof hostname !== "string" || hostname === "") {
    throw new TypeError("The hostname must be a non-empty string");
  }
  const loopback = isLoopback(hostname);
  if (!loopback && (typeof token !== "string" || token.length < 16)) {
    throw new Error(
      `The dashboard needs a token of at least 16 characters to listen on "${hostname}", ` +
        "which is not loopback",
    );
  }
  const handler = dashboardHandler(options);
  const scrape = options.prometheus;
  const routed = scrape === undefined ? handler : (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname !== "/metrics") return handler(request);
    if (token !== undefined && !sameToken(tokenOf(request, url) ?? "", token)) {
      return new Response("Unauthorized\n", {
        status: 401,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "www-authenticate": 'Bearer realm="dashboard"',
        },
      });
    }
    return scrape.handler(request);
  };
  const guarded = token !== undefined ? routed : (request: Request) => {
    if (!isLoopback(hostOf(request.headers.get("host") ?? ""))) {
      return new Response("Forbidden: this dashboard answers on loopback names only\n", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    return routed(request);
  };
  let server;
  try {
    server = await listen(guarded, port, hostname, { name: "serveDashboard()" });
  } catch (error) {
    handler.close();
    throw error;
  }
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const base = options.basePath ?? "";
  return Object.freeze({
    url: `http://${host}:${server.port}${base}/`,
    port: server.port,
    hostname,
    handler,
    close: async () => {
      handler.close();
      await server.close();
    },
  });
}
