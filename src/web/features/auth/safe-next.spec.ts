import { describe, expect, it } from 'vitest';
import { safeNext } from '@/web/features/auth/safe-next';

describe('safeNext', () => {
  it('keeps paths of this app', () => {
    expect(safeNext('/konto')).toBe('/konto');
    expect(safeNext('/benutzer?q=fulda')).toBe('/benutzer?q=fulda');
  });
  it('drops other sites, the sign-in page itself and anything that is no path', () => {
    expect(safeNext('//evil.example/x')).toBeUndefined();
    expect(safeNext('/\\evil.example')).toBeUndefined();
    expect(safeNext('https://evil.example')).toBeUndefined();
    expect(safeNext('/anmelden?next=/konto')).toBeUndefined();
    expect(safeNext(42)).toBeUndefined();
    expect(safeNext(undefined)).toBeUndefined();
  });
});
