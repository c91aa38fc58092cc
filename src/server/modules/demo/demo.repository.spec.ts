import { describe, expect, it } from 'vitest';
import { copyLine, copyValue } from '@/server/modules/demo/demo.repository';

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return and writes null as \\N', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('a\\b')).toBe('a\\\\b');
    expect(copyValue('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue("Auf'm Berg")).toBe("Auf'm Berg");
    expect(copyValue(42)).toBe('42');
  });

  it('joins values with tabs and ends the line', () => {
    expect(copyLine([1, null, 'x\ty'])).toBe('1\t\\N\tx\\ty\n');
  });
});
