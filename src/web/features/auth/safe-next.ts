/**
 * Where to go after signing in: only a path of this app (`/…`), never another site
 * (`//evil.example`, `https://…`), so that a crafted link cannot lead away after the sign-in.
 */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (value.startsWith('/anmelden')) return undefined;
  return value;
}
