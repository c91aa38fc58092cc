import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ApiSession } from './accounts';
import { launchBrowser, openPage, viewports, type WatchedPage } from './browser';
import { startServer, type TestServer } from './server';

export interface BrowserSuiteOptions {
  /** What `startServer` gets: demoMembers, prepare (CLI commands before the start), timeoutMs. */
  server?: Parameters<typeof startServer>[0];
  /** Runs once server and browser are up, in the same beforeAll: enrol accounts, create data. */
  setup?: (started: { server: TestServer; browser: Browser }) => Promise<void>;
  /** Timeout of that beforeAll in ms (the project's hookTimeout when unset). */
  timeout?: number;
}

export interface OpenOptions {
  /** Laptop when unset. */
  viewport?: { width: number; height: number };
  /** Console errors this page may log, e.g. Chromium's own line for a 401 on purpose. */
  allowConsoleErrors?: RegExp[];
  /** An (already two-factor) API session whose cookies the page's context carries. */
  session?: ApiSession;
}

export interface BrowserSuite {
  /** The server of this describe block (started in beforeAll). */
  readonly server: TestServer;
  readonly browser: Browser;
  /** The page the running test opened with `open`, if any. */
  readonly current: WatchedPage | undefined;
  /**
   * Opens a page in its own context as the test's current page; after the test it fails on
   * unexpected console errors and is closed. One current page per test: a second `open` in the
   * same test replaces it (the first is then neither checked nor closed until the browser closes).
   */
  open(options?: OpenOptions): Promise<Page>;
}

/**
 * The hooks every browser test file needs, registered in the calling describe block: beforeAll
 * starts the built server and Chromium, afterEach checks the test's page for console errors and
 * closes it, afterAll closes the browser and stops the server.
 */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let current: WatchedPage | undefined;

  beforeAll(async () => {
    server = await startServer(options.server);
    browser = await launchBrowser();
    await options.setup?.({ server, browser });
  }, options.timeout);
  afterEach(async () => {
    const watched = current;
    current = undefined;
    try {
      watched?.expectNoConsoleErrors();
    } finally {
      await watched?.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The ${what} is not started yet (use it in a test or hook)`);
    return value;
  };

  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get current() {
      return current;
    },
    async open(open: OpenOptions = {}) {
      const baseURL = started(server, 'server').baseURL;
      current = await openPage(started(browser, 'browser'), {
        baseURL,
        viewport: open.viewport ?? viewports.laptop,
      });
      for (const pattern of open.allowConsoleErrors ?? []) current.allowConsoleError(pattern);
      if (open.session) {
        await current.context.addCookies(
          open.session.cookies.map((c) => ({ name: c.name, value: c.value, url: baseURL })),
        );
      }
      return current.page;
    },
  };
}
