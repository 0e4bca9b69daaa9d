/**
 * A `/metrics` server for Node, Bun and Deno.
 *
 * @module
 */

import { listen } from "../http_server.ts";
import type { PrometheusReporter } from "./reporter.ts";

/** Options of {@link servePrometheus}. */
export interface ServePrometheusOptions {
  /** The port; `0` picks a free one (read it from the returned server). @default 9464 */
  readonly port?: number;
  /**
   * The address to listen on. Loopback by default: give `"0.0.0.0"` (or `"::"`) deliberately to
   * let other machines scrape. @default "127.0.0.1"
   */
  readonly hostname?: string;
  /** The path served; any other path gets 404. @default "/metrics" */
  readonly path?: string;
}

/** A running `/metrics` server. */
export interface PrometheusServer {
  /** The URL to scrape, e.g. `"http://127.0.0.1:9464/metrics"`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The address it listens on. */
  readonly hostname: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

function check(options: ServePrometheusOptions): Required<ServePrometheusOptions> {
  const { port = 9464, hostname = "127.0.0.1", path = "/metrics" } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`The port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (typeof hostname !== "string" || hostname === "") {
    throw new TypeError("The hostname must be a non-empty string");
  }
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new TypeError(`The path must start with "/", got ${JSON.stringify(path)}`);
  }
  return { port, hostname, path };
}

function urlOf(hostname: string, port: number, path: string): string {
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${port}${path}`;
}

function route(request: Request, path: string, reporter: PrometheusReporter): Response {
  if (new URL(request.url).pathname !== path) {
    return new Response("Not Found\n", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return reporter.handler(request);
}

/**
 * Serves a reporter's metrics over HTTP at `http://<hostname>:<port><path>` (Node and Bun through
 * `node:http`, Deno through `Deno.serve`), on loopback unless told otherwise.
 *
 * @param reporter The reporter to expose.
 * @param options Port, address and path.
 * @returns The server, once it listens.
 * @throws {Error} Rejects if the address is taken or the runtime has no HTTP server (a browser).
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { createPrometheusReporter, servePrometheus } from "@jido/telemetry/prometheus";
 *
 * const server = await servePrometheus(createPrometheusReporter({ catalog: standardCatalog }), {
 *   port: 0,
 * });
 * console.log(server.url); // e.g. "http://127.0.0.1:40123/metrics"
 * await server.close();
 * ```
 */
export async function servePrometheus(
  reporter: PrometheusReporter,
  options: ServePrometheusOptions = {},
): Promise<PrometheusServer> {
  const { port, hostname, path } = check(options);
  const server = await listen((request) => route(request, path, reporter), port, hostname, {
    name: "servePrometheus()",
    yieldBetweenChunks: true,
  });
  return Object.freeze({
    url: urlOf(hostname, server.port, path),
    port: server.port,
    hostname,
    close: () => server.close(),
  });
}
