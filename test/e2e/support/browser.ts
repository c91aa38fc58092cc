import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (the same variable scripts/test.mjs reads). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.log(`e2e skipped: ${chromiumPath} not found`);

export const viewports = {
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

export function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh user-data-dir of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A page in its own context (own storage), watching the console for errors. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Expect a console error matching this, e.g. the browser's own line for a deliberate 404. */
  allowConsoleError(pattern: RegExp): void;
  /** Fails with every unexpected console.error and uncaught page error seen so far. */
  expectNoConsoleErrors(): void;
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  options: { baseURL: string; viewport?: { width: number; height: number }; locale?: string },
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    viewport: options.viewport ?? viewports.laptop,
    locale: options.locale ?? 'de-DE',
    timezoneId: 'Europe/Berlin',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const watched: WatchedPage = {
    page,
    context,
    allowConsoleError: (pattern) => allowed.push(pattern),
    expectNoConsoleErrors() {
      const unexpected = problems.splice(0).filter((line) => !allowed.some((p) => p.test(line)));
      if (unexpected.length > 0) {
        throw new Error(`The page reported errors:\n${unexpected.join('\n')}`);
      }
    },
    async close() {
      await context.close();
    },
  };
  return watched;
}

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeResults {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: unknown[]; failureSummary?: string }[];
  }[];
}

/**
 * Runs axe-core against the page as it is now and fails on any WCAG 2.2 A/AA violation.
 * Injected through the DevTools protocol, so the page's strict CSP (no inline scripts) stays on.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axe.source);
  const results = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      ),
    wcagTags,
  )) as AxeResults;
  if (results.violations.length === 0) return;
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${nodes}`;
    })
    .join('\n');
  throw new Error(`Accessibility violations on ${page.url()}:\n${report}`);
}

/** Whether the element is the one that has keyboard focus. */
export function isFocused(locator: import('playwright-core').Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** Whether any part of the element lies inside the window (Playwright's isVisible ignores that). */
export function isInViewport(locator: import('playwright-core').Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.right > 0 && box.bottom > 0 && box.left < window.innerWidth && box.top < window.innerHeight;
  });
}

/**
 * With UPDATE_SCREENSHOTS=1, saves what the page shows as docs/screenshots/<name>.png (the
 * README's pictures): `UPDATE_SCREENSHOTS=1 npx vitest run --project e2e test/e2e/shell.e2e.ts`.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const { default: path } = await import('node:path');
  const file = path.resolve(import.meta.dirname, '../../../docs/screenshots', `${name}.png`);
  // Nothing may still be moving or loading when the picture is taken.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.mouse.move(0, page.viewportSize()?.height ?? 0);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
}
