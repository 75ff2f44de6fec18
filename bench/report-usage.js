'use strict';
// Preloaded into a measured child (node --require bench/report-usage.js ...): on exit, writes the process's
// own resource usage to the file named by BENCH_USAGE_FILE. Needs no change to the code it measures.
const fs = require('node:fs');

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  const startedAt = Date.now();
  // Optional: peaks of process.memoryUsage() sampled while the event loop turns (what makes up the RSS).
  const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const every = Number(process.env.BENCH_MEM_SAMPLE_MS || 0);
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peaks)) peaks[k] = Math.max(peaks[k], m[k]);
  };
  if (every > 0) setInterval(sample, every).unref();
  process.on('exit', (code) => {
    if (every > 0) sample();
    const ru = process.resourceUsage();
    const cpu = process.cpuUsage();
    const report = {
      pid: process.pid,
      exit_code: code,
      wall_ms: Date.now() - startedAt,
      // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss).
      max_rss_mb: ru.maxRSS / 1024,
      cpu_user_ms: cpu.user / 1000,
      cpu_system_ms: cpu.system / 1000,
      fs_writes: ru.fsWrite,
      voluntary_context_switches: ru.voluntaryContextSwitches,
      involuntary_context_switches: ru.involuntaryContextSwitches,
      heap_used_mb_at_exit: process.memoryUsage().heapUsed / 1048576,
      sampled_peaks_mb: every > 0 ? Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v / 104857.6) / 10])) : undefined,
    };
    try {
      fs.writeFileSync(file, JSON.stringify(report));
    } catch {
      // Never change the measured process's exit because of the bench.
    }
  });
}
