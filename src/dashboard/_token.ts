const encoder = new TextEncoder();

/** Compares two strings in time that depends on their lengths only, not on where they differ. */
export function sameToken(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i % (a.length || 1)] ?? 0) ^ b[i];
  return diff === 0;
}

/** The token a request carries: `Authorization: Bearer <token>`, else `?token=`. */
export function tokenOf(request: Request, url: URL): string | undefined {
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match !== null) return match[1];
  return url.searchParams.get("token") ?? undefined;
}

/** Whether an address is the loopback interface (`127.0.0.0/8`, `::1`, `localhost`). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The host part of a `Host` header (`127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `::1`). */
export function hostOf(header: string): string {
  const bracket = /^\[([^\]]*)\]/.exec(header);
  if (bracket !== null) return bracket[1];
  return header.replace(/:\d*$/, "");
}
