/**
 * What the host runtime offers, found at run time so that no module of the library imports a
 * `node:` built-in statically: the same files load in Node (>= 20.16), Deno and Bun, which have
 * `process.getBuiltinModule()`, and in browsers and edge runtimes, which have neither `process`
 * nor the built-ins. Every function here returns `undefined` where the host lacks the thing, and
 * never throws (Deno without `--allow-env` or `--allow-sys` throws on some reads).
 *
 * Internal to the library: not part of any public entry.
 *
 * @module
 */

/** The parts of Node's `process` the library reads. */
export interface HostProcess {
  readonly pid?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly versions?: Readonly<Record<string, string | undefined>>;
  cwd?(): string;
  memoryUsage?(): HostMemory;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
  getBuiltinModule?(id: string): unknown;
}

/** Memory figures of the process, in bytes, as Node's `process.memoryUsage()` gives them. */
export interface HostMemory {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** The process's memory where the runtime reports it (Node, Deno, Bun), else `undefined`. */
export function memoryUsage(): HostMemory | undefined {
  try {
    return hostProcess()?.memoryUsage?.();
  } catch {
    return undefined;
  }
}

/** `globalThis.process` where the host has one (Node, Deno, Bun), else `undefined`. */
export function hostProcess(): HostProcess | undefined {
  try {
    const p = (globalThis as { process?: HostProcess }).process;
    return typeof p === "object" && p !== null ? p : undefined;
  } catch {
    return undefined;
  }
}

const modules = new Map<string, unknown>();

/**
 * A Node built-in module (`"node:fs"`, `"node:async_hooks"`, ...) through
 * `process.getBuiltinModule()`, or `undefined` in a browser, an edge runtime or a Node older than
 * 20.16. Loaded once per name.
 *
 * @param id The module's name, with its `node:` prefix.
 * @returns The module, typed by the caller.
 */
export function builtin<T>(id: string): T | undefined {
  if (modules.has(id)) return modules.get(id) as T | undefined;
  let found: unknown;
  try {
    found = hostProcess()?.getBuiltinModule?.(id);
  } catch {
    found = undefined;
  }
  modules.set(id, found);
  return found as T | undefined;
}

interface DenoPermissions {
  readonly permissions?: {
    querySync?(descriptor: Readonly<Record<string, string>>): { readonly state: string };
  };
}

/**
 * Whether the host lets the library read what `descriptor` names without asking. Outside Deno,
 * always. Under Deno, only a permission already granted: the library never makes Deno prompt
 * the user (it would, on a terminal, for a denied read) nor throw.
 */
function permits(descriptor: Readonly<Record<string, string>>): boolean {
  const deno = (globalThis as unknown as { Deno?: DenoPermissions }).Deno;
  if (deno === undefined) return true;
  try {
    return deno.permissions?.querySync?.(descriptor).state === "granted";
  } catch {
    return false;
  }
}

const deniedEnv = new Set<string>();

/**
 * An environment variable, or `undefined` when unset, absent from the host or not permitted
 * (Deno without `--allow-env`; {@link envDenied} tells that case apart).
 */
export function envVar(name: string): string | undefined {
  if (!permits({ name: "env", variable: name })) {
    deniedEnv.add(name);
    return undefined;
  }
  try {
    const value = hostProcess()?.env?.[name];
    return typeof value === "string" ? value : undefined;
  } catch {
    deniedEnv.add(name);
    return undefined;
  }
}

/** Whether reading the environment variable `name` was refused (Deno without `--allow-env`). */
export function envDenied(name: string): boolean {
  return deniedEnv.has(name);
}

/** The machine's host name, or `undefined` (a browser; Deno without `--allow-sys=hostname`). */
export function hostName(): string | undefined {
  if (!permits({ name: "sys", kind: "hostname" })) return undefined;
  try {
    const name = builtin<{ hostname(): string }>("node:os")?.hostname();
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The working directory, or `undefined` (a browser; Deno without `--allow-read`). */
export function workingDirectory(): string | undefined {
  if (!permits({ name: "read" })) return undefined;
  try {
    const dir = hostProcess()?.cwd?.();
    return typeof dir === "string" ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The name of the runtime: `"deno"`, `"bun"`, `"node"`, or `"browser"` for anything else. */
export const runtimeName: "node" | "deno" | "bun" | "browser" = "Deno" in globalThis
  ? "deno"
  : "Bun" in globalThis
  ? "bun"
  : hostProcess()?.versions?.node !== undefined
  ? "node"
  : "browser";

/**
 * Calls `listener` each time the process is about to exit because it has nothing left to do
 * (Node's and Bun's `beforeExit`, Deno's `beforeunload`): work it starts keeps the process
 * alive. Not called on an explicit `process.exit()` / `Deno.exit()`, nor in a browser.
 *
 * @returns A function that stops listening.
 */
export function onIdleExit(listener: () => void): () => void {
  const call = (): void => {
    try {
      listener();
    } catch {
      // An exit hook must not crash the exit.
    }
  };
  try {
    if (runtimeName === "deno") {
      globalThis.addEventListener("beforeunload", call);
      return () => globalThis.removeEventListener("beforeunload", call);
    }
    const p = hostProcess();
    if (p?.on !== undefined) {
      p.on("beforeExit", call);
      return () => void p.off?.("beforeExit", call);
    }
  } catch {
    // No exit to watch.
  }
  return () => {};
}
