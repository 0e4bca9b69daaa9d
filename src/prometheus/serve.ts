/**
 * A `/metrics` server for Node, Bun and Deno.
 *
 * @module
 */

import { builtin, runtimeName } from "../host.ts";
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

interface NodeServer {
  listen(port: number, hostname: string, callback: () => void): void;
  address(): { port: number } | string | null;
  close(callback: (error?: Error) => void): void;
  closeAllConnections?(): void;
  once(event: "error", listener: (error: Error) => void): void;
  off(event: "error", listener: (error: Error) => void): void;
}

interface NodeRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

interface NodeResponse {
  writeHead(status: number, headers: Record<string, string>): void;
  end(): void;
  write(chunk: Uint8Array): boolean;
  once(event: "drain" | "close", listener: () => void): void;
  destroy(): void;
}

interface NodeHttp {
  createServer(handler: (req: NodeRequest, res: NodeResponse) => void): NodeServer;
}

interface DenoServer {
  readonly addr: { readonly port: number };
  shutdown(): Promise<void>;
}

interface DenoServe {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: (request: Request) => Response,
  ): DenoServer;
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

/** Writes a web Response to a Node response, chunk by chunk, waiting for drains. */
async function send(response: Response, res: NodeResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => void (headers[key] = value));
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  let closed = false;
  res.once("close", () => void (closed = true));
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed) break;
      if (!res.write(value)) {
        // A client that goes away never drains: wait for whichever comes first.
        await new Promise<void>((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
        if (closed) break;
      }
      // Give the event loop a turn between chunks: a large scrape never holds it for long.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (!closed) res.end();
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
  const deno = (globalThis as { Deno?: DenoServe }).Deno;
  if (runtimeName === "deno" && deno !== undefined) {
    const server = await new Promise<DenoServer>((resolve, reject) => {
      try {
        const s: DenoServer = deno.serve(
          { port, hostname, onListen: () => queueMicrotask(() => resolve(s)) },
          (request) => route(request, path, reporter),
        );
      } catch (error) {
        reject(error);
      }
    });
    const actual = server.addr.port;
    return Object.freeze({
      url: urlOf(hostname, actual, path),
      port: actual,
      hostname,
      close: () => server.shutdown(),
    });
  }
  const http = builtin<NodeHttp>("node:http");
  if (http === undefined) {
    throw new Error("servePrometheus() needs node:http (Node, Bun) or Deno.serve (Deno)");
  }
  const base = urlOf(hostname, port, "");
  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    let request: Request;
    try {
      request = new Request(new URL(req.url ?? "/", base), { method: req.method, headers });
    } catch {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end();
      return;
    }
    send(route(request, path, reporter), res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  return Object.freeze({
    url: urlOf(hostname, actual, path),
    port: actual,
    hostname,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections?.();
      }),
  });
}
