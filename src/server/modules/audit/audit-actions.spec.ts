import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownAuditActions } from '@/contracts/audit';
import de from '@/web/components/i18n/de.json';
import en from '@/web/components/i18n/en.json';

/** Every `action: '…'` the server writes, found in its source. */
function writtenActions(): string[] {
  const root = path.resolve(import.meta.dirname, '../..');
  const found = new Set<string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(
      /\baction: (?:[^,\n]*\? )?'([a-z0-9_]+\.[a-z0-9_.]+)'(?: : '([a-z0-9_]+\.[a-z0-9_.]+)')?/g,
    )) {
      found.add(match[1]!);
      if (match[2]) found.add(match[2]);
    }
  }
  return [...found].sort();
}

describe('audit actions', () => {
  const written = writtenActions();

  it('finds the actions the server writes', () => {
    expect(written).toContain('member.read');
    expect(written).toContain('member.function_end');
    expect(written.length).toBeGreaterThan(30);
  });

  it('lists every written action for the audit browser, with a German and an English label', () => {
    const labels = (catalog: typeof de) => catalog.admin.actions as Record<string, string>;
    for (const action of written) {
      expect(knownAuditActions, action).toContain(action);
      const key = action.replace(/\./g, '_');
      expect(labels(de)[key], `de: admin.actions.${key}`).toBeTruthy();
      expect(labels(en)[key], `en: admin.actions.${key}`).toBeTruthy();
    }
  });
});
