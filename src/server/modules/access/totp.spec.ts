import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  otpauthUri,
  totpAt,
} from '@/server/modules/access/totp';

// RFC 6238 appendix B: the SHA-1 secret is the ASCII string "12345678901234567890"; 8-digit
// values there, whose last six digits are the 6-digit codes.
const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('gives the RFC test vector at %i s', (seconds, code) => {
    expect(totpAt(rfcSecret, new Date(seconds * 1000))).toBe(code);
  });

  it('gives the RFC 4226 HOTP vectors', () => {
    expect([0, 1, 2, 9].map((c) => hotp(rfcSecret, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('accepts one step of drift either way, not two', () => {
    const at = new Date(1_700_000_000_000);
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, new Date(at.getTime() - 60_000)), at)).toBeNull();
  });

  it('round-trips base32 and builds the otpauth URI', () => {
    expect(base32Decode(base32Encode(Buffer.from('hallo welt'))).toString()).toBe('hallo welt');
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'erika@example.org', 'Servicestelle')).toBe(
      'otpauth://totp/Servicestelle%3Aerika%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Servicestelle&algorithm=SHA1&digits=6&period=30',
    );
  });
});
