/** Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function, top N. */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  function: string;
  where: string;
  self_ms: number;
  self_pct: number;
}

export interface ProfileSummary {
  file: string;
  total_ms: number;
  idle_ms: number;
  gc_ms: number;
  top: ProfileEntry[];
  /** Self time grouped by where the code lives (product src module, a dependency, node internals). */
  by_area: Array<{ area: string; self_ms: number; self_pct: number }>;
}

function shortUrl(url: string, root: string): string {
  if (!url) return '(native)';
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) return path.relative(root, file);
  return file.replace(/^node:/, 'node:');
}

function area(where: string): string {
  if (where.startsWith('dist/')) return where.split(':')[0].replace(/\.js$/, '');
  const nm = where.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return `dep:${nm[1]}`;
  if (where.startsWith('node:')) return 'node internals';
  return where.startsWith('(') ? where : 'other';
}

export function summarizeProfile(file: string, root: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    // timeDeltas[i] is the time before sample i; attribute the interval after it, as DevTools does.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const byFunction = new Map<string, { function: string; where: string; us: number }>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    if (functionName === '(garbage collector)') gc += us;
    const where = url ? `${shortUrl(url, root)}:${lineNumber + 1}` : '(native)';
    const name = functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { function: name, where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const a = url ? area(shortUrl(url, root)) : name.startsWith('(') ? name : '(native)';
    byArea.set(a, (byArea.get(a) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number): number => Math.round((us / Math.max(busy, 1)) * 1000) / 10;
  const top = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map((e) => ({ function: e.function, where: e.where, self_ms: Math.round(e.us / 100) / 10, self_pct: pct(e.us) }));
  const by_area = [...byArea]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([a, us]) => ({ area: a, self_ms: Math.round(us / 100) / 10, self_pct: pct(us) }));
  return { file: path.relative(root, file), total_ms: Math.round(total / 1000), idle_ms: Math.round(idle / 1000), gc_ms: Math.round(gc / 1000), top, by_area };
}

if (require.main === module) {
  const summary = summarizeProfile(process.argv[2], path.resolve(__dirname, '..'), Number(process.argv[3] ?? 25));
  console.log(JSON.stringify(summary, null, 1));
}
