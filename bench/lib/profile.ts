import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/**
 * The functions with the most self time in the V8 CPU profiles of a folder, as text lines:
 * where the server spends its CPU (node_modules paths shortened to the package).
 */
export function summariseProfiles(dir: string, top = 30): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const self = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.includes('node_modules/')
        ? url
            .slice(url.lastIndexOf('node_modules/') + 13)
            .split('/')
            .slice(0, 2)
            .join('/')
        : `${path.basename(url)}:${lineNumber + 1}`;
      const key = `${functionName || '(anonymous)'} ${where}`;
      self.set(key, (self.get(key) ?? 0) + hits * interval);
      total += hits * interval;
    }
  }
  const lines = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `CPU profile: ${Math.round(total)} ms sampled in ${files.length} file(s); self time:`,
    ...lines.map(
      ([k, ms]) =>
        `${String(Math.round(ms)).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${k}`,
    ),
  ].join('\n');
}
