/**
 * Serving a web-standard handler over HTTP: `node:http` (Node and Bun, found through `host.ts`)
 * or `Deno.serve`. Shared by the Prometheus server and the dashboard. Internal to the library:
 * not part of any public entry.
 *
 * @module
 */

import { builtin, runtimeName } from "./host.ts";

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
  flushHeaders?(): void;
  end(): void;
  write(chunk: Uint8Array): boolean;
  once(event: "drain" | "close", listener: () => void): void;
  off?(event: "drain" | "close", listener: () => void): void;
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
    handler: (request: Request) => Response | Promise<Response>,
  ): DenoServer;
}

/** How {@link listen} serves. */
export interface ListenOptions {
  /** The caller's name, for the error where the runtime has no HTTP server. */
  readonly name: string;
  /**
   * Let the event loop turn between two chunks of a body (a large scrape never holds it long);
   * off for event streams, whose frames go out as they come.
   */
  readonly yieldBetweenChunks?: boolean;
}

/** A server listening. */
export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

/** What answers each request. */
export type Handle = (request: Request) => Response | Promise<Response>;

/** Writes a web Response to a Node response as its chunks come (an event stream never ends). */
async function send(response: Response, res: NodeResponse, yielding: boolean): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => void (headers[key] = value));
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  res.flushHeaders?.();
  const reader = response.body.getReader();
  let closed = false;
  res.once("close", () => {
    closed = true;
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed) break;
      if (!res.write(value)) {
        // Waits for drain (or the socket's end), with no listener left behind either way.
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off?.("drain", done);
            res.off?.("close", done);
            resolve();
          };
          res.once("drain", done);
          res.once("close", done);
        });
        if (closed) break;
      }
      if (yielding) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (!closed) res.end();
}

/** Listens on `hostname:port` and answers every request with `handle`. */
export async function listen(
  handle: Handle,
  port: number,
  hostname: string,
  options: ListenOptions,
): Promise<Listening> {
  const deno = (globalThis as { Deno?: DenoServe }).Deno;
  if (runtimeName === "deno" && deno !== undefined) {
    const server = await new Promise<DenoServer>((resolve, reject) => {
      try {
        const s: DenoServer = deno.serve(
          { port, hostname, onListen: () => queueMicrotask(() => resolve(s)) },
          handle,
        );
      } catch (error) {
        reject(error);
      }
    });
    return { port: server.addr.port, close: () => server.shutdown() };
  }
  const http = builtin<NodeHttp>("node:http");
  if (http === undefined) {
    throw new Error(`${options.name} needs node:http (Node, Bun) or Deno.serve (Deno)`);
  }
  const base = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
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
    // Called inside the promise chain: a handler that throws ends this request, not the process.
    Promise.resolve().then(() => handle(request)).then((response) =>
      send(response, res, options.yieldBetweenChunks === true)
    )
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections?.();
      }),
  };
}
