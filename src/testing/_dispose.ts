/**
 * `Symbol.dispose` where the runtime has it, typed so that `using` type-checks for consumers
 * whose TypeScript lib declares it, and the types still compile for those whose lib does not.
 *
 * @module
 */

/**
 * `{ [Symbol.dispose](): void }` when the TypeScript lib in use declares `Symbol.dispose`
 * (`esnext.disposable`, TypeScript 5.2+ with `lib: ["ESNext"]`), else `object`: the types never
 * name a symbol the consumer's lib lacks.
 */
export type DisposeMethod = SymbolConstructor extends { readonly dispose: infer S extends symbol }
  ? { [K in S]: () => void }
  : object;

/** Adds `[Symbol.dispose]` calling `dispose` when the runtime has `Symbol.dispose`. */
export function withDispose<T extends object>(target: T, dispose: () => void): T & DisposeMethod {
  const symbol = (Symbol as { readonly dispose?: unknown }).dispose;
  if (typeof symbol === "symbol") {
    Object.defineProperty(target, symbol, { value: dispose, configurable: true, writable: true });
  }
  return target as T & DisposeMethod;
}
