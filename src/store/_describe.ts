/** Renders a key or value for an error message: JSON where possible, `String()` otherwise. */
export function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
