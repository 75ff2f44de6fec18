/** bench/results.md from the results object of run.ts: the tables the README shows. */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const status = (ok: boolean): string => (ok ? 'met' : '**missed**');
const k = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function writeMarkdown(results: Json): string {
  const m = results.machine as Json;
  const t = results.targets as Json;
  const lines: string[] = [];
  lines.push('## Benchmark');
  lines.push('');
  lines.push(
    `Measured by \`npm run bench\` on ${m.cpus} × ${m.cpu_model}, ${Math.round(m.total_mem_mb / 1024)} GB, Node ${m.node}, ${m.os}, ${m.date.slice(0, 10)}` +
      `${m.git_revision ? ` (commit ${m.git_revision})` : ''}; load average ${m.loadavg_at_start?.[0]} at the start (a shared machine: CPU time is the steadier number). ` +
      `Whole run: ${fmt(results.bench_wall_s)} s.`,
  );
  lines.push('');
  lines.push(row(['Measure', 'Target', 'Result', 'Status']));
  lines.push(row(['---', '---', '---', '---']));

  const backfill = results.backfill as Json | undefined;
  const sizes = (backfill?.sizes ?? []) as Json[];
  for (const s of sizes) {
    const p = s.product as Json;
    const b = s.baseline as Json;
    lines.push(
      row([
        `Backfill ${k(s.events)} events, \`collect --once\` → NDJSON (page_size ${backfill?.page_size})`,
        `≤ ${t.product_vs_baseline_time} × baseline time (wall and CPU)`,
        `${fmt(p.events_per_s_wall)} ev/s vs baseline ${fmt(b.events_per_s_wall)} ev/s: **${s.ratio_wall} ×** (CPU ${s.ratio_cpu} ×)`,
        // Both must hold: on a shared machine one noisy wall-clock run can flatter either side.
        status(Math.max(s.ratio_wall, s.ratio_cpu) <= t.product_vs_baseline_time),
      ]),
    );
  }
  for (const s of sizes) {
    const p = s.product as Json;
    lines.push(row([`Peak RSS, backfill ${k(s.events)}`, `≤ ${t.max_rss_mb} MB`, `${fmt(p.max_rss_mb)} MB (baseline ${fmt(s.baseline.max_rss_mb)} MB)`, status(p.max_rss_mb <= t.max_rss_mb)]));
  }
  if (sizes.length >= 2) {
    const first = sizes[0].product.max_rss_mb as number;
    const last = sizes[sizes.length - 1].product.max_rss_mb as number;
    const growth = last / first - 1;
    lines.push(row([`RSS flat: ${k(sizes[sizes.length - 1].events)} vs ${k(sizes[0].events)}`, `within ${t.rss_flatness * 100} %`, `${growth >= 0 ? '+' : ''}${fmt(growth * 100, 1)} %`, status(Math.abs(growth) <= t.rss_flatness)]));
  }
  for (const s of sizes) {
    lines.push(
      row([
        `CPU per event, backfill ${k(s.events)}`,
        'relative to baseline',
        `${fmt(s.product.cpu_us_per_event, 1)} µs vs ${fmt(s.baseline.cpu_us_per_event, 1)} µs: ${s.ratio_cpu} ×`,
        '',
      ]),
    );
  }
  for (const run of (results.tenants ?? []) as Json[]) {
    lines.push(
      row([
        `${fmt(run.tenants)} tenants (${fmt(run.events)} events), one \`run --once --concurrency ${run.concurrency}\``,
        `≤ ${t.tenants_cycle_s} s, ≤ ${t.tenants_max_rss_mb} MB`,
        `${fmt(run.wall_ms / 1000, 1)} s, ${fmt(run.max_rss_mb)} MB, ≤ ${run.max_open_sockets} open sockets (simulator max_concurrent ${run.simulator_max_concurrent})`,
        status(run.wall_ms / 1000 <= t.tenants_cycle_s && run.max_rss_mb <= t.tenants_max_rss_mb),
      ]),
    );
  }
  lines.push('');

  if (sizes.length > 0) {
    lines.push('### Backfill detail');
    lines.push('');
    lines.push(row(['Events', 'Client', 'Wall s', 'Events/s', 'CPU s (user+sys)', 'µs CPU/event', 'Peak RSS MB', 'Output MB', 'Simulator CPU s']));
    lines.push(row(['---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const s of sizes) {
      const clients: Array<[string, Json | undefined]> = [
        ['fetch only (simulator alone)', s.fetch_only],
        ['baseline (bare loop, raw events)', s.baseline],
        ['baseline + normalize() (same output as the product)', s.baseline_normalizing],
        ['**product** `collect --once`', s.product],
      ];
      for (const [name, r] of clients) {
        if (!r) continue;
        lines.push(
          row([
            k(s.events),
            name,
            fmt(r.wall_ms / 1000, 2),
            fmt(r.events_per_s_wall),
            fmt(r.cpu_ms / 1000, 2),
            fmt(r.cpu_us_per_event, 1),
            fmt(r.max_rss_mb),
            r.bytes_out === undefined ? '' : fmt(r.bytes_out / 1048576),
            fmt(r.simulator.cpu_ms / 1000, 2),
          ]),
        );
      }
    }
    lines.push('');
    const load = backfill?.simulator_load as Json | undefined;
    if (load) lines.push(`Simulator: ${fmt(sizes.reduce((n, s) => n + s.events, 0))} events generated in ${fmt(load.generate_ms / 1000, 1)} s and stored (serialized once) in ${fmt(load.load_ms / 1000, 1)} s, once for all runs. Each size keeps the run with the least CPU time of ${sizes[0].all_runs.product.length} (smallest size) or 1 (larger sizes); all runs are in results.json.`);
    const knobs = (backfill?.memory_knobs ?? []) as Json[];
    if (knobs.length > 0) {
      lines.push('');
      lines.push(`Memory knobs (product, ${k(knobs[0].events)} events, one run each): ${knobs.map((r) => `${r.knob}: ${fmt(r.max_rss_mb)} MB peak RSS, ${fmt(r.cpu_us_per_event, 1)} µs CPU/event, ${fmt(r.events_per_s_wall)} ev/s`).join('; ')}.`);
    }
    const withNormalizing = sizes.find((s) => s.baseline_normalizing);
    if (withNormalizing) {
      lines.push('');
      lines.push(
        `**Why the time target is missed.** The baseline writes the raw events; the product writes ECS records, each carrying the raw event plus the normalized fields (${fmt(withNormalizing.product.bytes_out / withNormalizing.baseline.bytes_out, 1)} × the bytes). ` +
          `Against a baseline that produces the same records (the bare loop + normalize() + JSON.stringify, without axios, cursor, redaction or checkpoints) the product takes ${withNormalizing.ratio_wall_vs_normalizing} × the time and ${withNormalizing.ratio_cpu_vs_normalizing} × the CPU at ${k(withNormalizing.events)}: ` +
          (withNormalizing.ratio_wall_vs_normalizing <= t.product_vs_baseline_time
            ? 'its own machinery is within the target; the gap is the output format, mostly JSON.stringify of the records and normalize() (profile below).'
            : 'part of the gap is the output format (JSON.stringify of the records and normalize(), profile below), the rest is the product\'s own machinery.'),
      );
    }
    const rssMissed = sizes.some((s) => s.product.max_rss_mb > t.max_rss_mb);
    const perEvent = (results.micro as Json | undefined)?.api_json_bytes_per_event as number | undefined;
    const pageMb = perEvent === undefined ? undefined : (perEvent * (backfill?.page_size as number)) / 1048576;
    if (rssMissed) {
      lines.push('');
      lines.push(
        `**Why the memory target is missed.** With page_size ${backfill?.page_size} a page is ${pageMb === undefined ? 'several' : `~${fmt(pageMb, 1)}`} MB of JSON; the page's text, parsed events and records are ~30 MB live, and V8 lets the heap grow to 3–4 × the live size between full collections. ` +
          `The bare baseline loop, which holds less, peaks at ${sizes.map((s) => fmt(s.baseline.max_rss_mb)).join(' / ')} MB itself, and the CLI's code alone is ~70 MB. The usage stays flat with the number of events; smaller pages are the lever (knobs above).`,
      );
    }
    lines.push('');
  }

  const tenants = (results.tenants ?? []) as Json[];
  if (tenants.length > 0) {
    lines.push('### Tenant scale detail');
    lines.push('');
    lines.push(row(['--concurrency', 'Wall s', 'Cycle s (log)', 'CPU s', 'Peak RSS MB', 'Max open sockets', 'Max open fds', 'Simulator max_concurrent', 'Failures']));
    lines.push(row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const r of tenants) {
      lines.push(row([String(r.concurrency), fmt(r.wall_ms / 1000, 1), fmt(r.cycle_ms / 1000, 1), fmt(r.cpu_ms / 1000, 1), fmt(r.max_rss_mb), fmt(r.max_open_sockets), fmt(r.max_open_fds), fmt(r.simulator_max_concurrent), fmt(r.failures)]));
    }
    lines.push('');
    const first = tenants[0];
    const notes = [`Each tenant is a device file with ${fmt(first.events / first.tenants)} events on average, all on one simulator; sockets and fds are sampled from /proc/<pid>/fd every 20 ms.`];
    if (tenants.every((r) => r.max_open_fds > r.tenants)) notes.push('The process keeps every tenant\'s output file open between polls: about one fd per tenant.');
    if (tenants.every((r) => r.simulator_max_concurrent <= 1)) {
      notes.push(
        'Requests rarely overlap at the simulator: the cycle is bound by the one event loop of the process (CPU: normalizing and writing the events, checkpoints and status of each tenant), not by the network, so --concurrency changes little.',
      );
    }
    lines.push(notes.join(' '));
    lines.push('');
  }

  const micro = results.micro as Json | undefined;
  if (micro) {
    lines.push('### Per-event cost (in-process, built code)');
    lines.push('');
    lines.push(`${fmt(micro.events)} generated events (${fmt(micro.idless_events)} LDAP events without an id), ${fmt(micro.api_json_bytes_per_event)} B of API JSON and ${fmt(micro.ndjson_bytes_per_record)} B of NDJSON each; median of ${micro.normalize.reps} runs.`);
    lines.push('');
    lines.push(row(['Step', 'µs CPU/event', 'µs wall/event']));
    lines.push(row(['---', '---:', '---:']));
    const steps: Array<[string, string]> = [
      ['JSON.parse of the API page (yardstick)', 'json_parse'],
      ['JSON.stringify of the raw event (yardstick)', 'json_stringify_event'],
      ['eventId(), all events', 'event_id_all'],
      ['eventId(), id-less events only (canonical JSON + SHA-256)', 'event_id_idless_only'],
      ['normalize() (includes eventId)', 'normalize'],
      ['serializeRecords() (NDJSON of the records)', 'serialize_records'],
      ['redact() (every secret of the process), 1 tenant (2 secrets)', 'redact_1_tenant'],
      ['redact() (every secret of the process), 1000 tenants (2000 secrets): logs and status only', 'redact_1000_tenants'],
      ['Output records: the device\'s own redactor, with 1000 tenants registered', 'redact_device_1000_tenants'],
    ];
    for (const [name, key] of steps) {
      const c = micro[key] as Json | undefined;
      if (c) lines.push(row([name, fmt(c.cpu_us_per_event, 2), fmt(c.wall_us_per_event, 2)]));
    }
    lines.push('');
  }

  const profile = backfill?.profile as Json | undefined;
  if (profile) {
    lines.push(`### CPU profile: \`collect --once\`, ${k(sizes[0]?.events ?? 0)} events (node --cpu-prof)`);
    lines.push('');
    lines.push(`${fmt(profile.total_ms - profile.idle_ms)} ms on the main thread (${fmt(profile.idle_ms)} ms idle, waiting for the simulator or the disk, not counted below); GC ${fmt(profile.gc_ms)} ms.`);
    lines.push('');
    lines.push(row(['Self time ms', '%', 'Function', 'Where']));
    lines.push(row(['---:', '---:', '---', '---']));
    for (const e of (profile.top as Json[]).slice(0, 12)) lines.push(row([fmt(e.self_ms), fmt(e.self_pct, 1), `\`${e.function}\``, `\`${e.where}\``]));
    lines.push('');
    lines.push(row(['By module', 'Self time ms', '%']));
    lines.push(row(['---', '---:', '---:']));
    for (const a of (profile.by_area as Json[]).slice(0, 8)) lines.push(row([`\`${a.area}\``, fmt(a.self_ms), fmt(a.self_pct, 1)]));
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
