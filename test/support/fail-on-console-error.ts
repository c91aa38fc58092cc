import { afterEach, vi } from 'vitest';

// A warning nobody reads is a bug nobody fixes: console.error and console.warn fail the test.
const calls: string[] = [];
for (const method of ['error', 'warn'] as const) {
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    calls.push(`console.${method}: ${args.map(String).join(' ')}`);
  });
}
afterEach(() => {
  if (calls.length > 0) {
    const message = calls.splice(0).join('\n');
    throw new Error(`The test wrote to the console:\n${message}`);
  }
});
