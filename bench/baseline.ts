/**
 * The minimal baseline the product is compared with: a bare loop over POST /insights/directory/v1/events with
 * search_after, JSON.parse of each page, one NDJSON line per event written with fs, no normalization.
 * It writes with the same durability as the product's file sink (one fdatasync per page) unless --no-sync.
 *
 * With --normalize it also calls the product's normalize() (from dist/, found through BENCH_ROOT) and writes the
 * product's records instead of the raw events: the same output as the product, without its machinery (axios,
 * retries, cursor, redaction, checkpoints). It separates the cost of the output format from the product's overhead.
 *
 * With --discard it is the "simulator alone" client: fetch every page, read the paging headers, drop the body
 * unparsed. It measures what the simulator (and loopback HTTP) can deliver at all.
 *
 * Runs as its own child process, transpiled to plain JS by run.ts (no ts-node in the measured process).
 * Prints one JSON line with its counts on stdout.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

interface Args {
  url: string;
  org: string;
  key: string;
  start: string;
  end: string;
  limit: number;
  out?: string;
  discard: boolean;
  normalize: boolean;
  sync: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const need = (name: string): string => {
    const v = get(name);
    if (v === undefined) throw new Error(`baseline: --${name} is required`);
    return v;
  };
  return {
    url: need('url'),
    org: need('org'),
    key: need('key'),
    start: need('start'),
    end: need('end'),
    limit: Number(get('limit') ?? 10000),
    out: get('out'),
    discard: argv.includes('--discard'),
    normalize: argv.includes('--normalize'),
    sync: !argv.includes('--no-sync'),
  };
}

interface Page {
  status: number;
  headers: http.IncomingHttpHeaders;
  body?: Buffer;
  bytes: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: URL, body: string, headers: Record<string, string>, keepBody: boolean): Promise<Page> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keepBody) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: keepBody ? Buffer.concat(chunks) : undefined, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Normalize = (event: unknown, context: { device_name: string; org_id: string }) => unknown;

function loadNormalize(): Normalize {
  const root = process.env.BENCH_ROOT;
  if (!root) throw new Error('baseline --normalize needs BENCH_ROOT');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${root}/dist/normalize/normalize`) as { normalize: Normalize }).normalize;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const normalize = args.normalize ? loadNormalize() : undefined;
  const context = { device_name: 'JumpCloud', org_id: args.org };
  const url = new URL('/insights/directory/v1/events', args.url);
  const headers = { 'x-api-key': args.key, 'x-org-id': args.org, Accept: 'application/json' };
  const fd = args.out && !args.discard ? fs.openSync(args.out, 'w') : undefined;
  let events = 0;
  let pages = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  let searchAfter: unknown[] | undefined;
  for (;;) {
    const query: Record<string, unknown> = { service: ['all'], start_time: args.start, end_time: args.end, limit: args.limit, sort: 'ASC' };
    if (searchAfter) query.search_after = searchAfter;
    const page = await post(url, JSON.stringify(query), headers, !args.discard);
    if (page.status !== 200) throw new Error(`baseline: HTTP ${page.status}`);
    pages++;
    bytesIn += page.bytes;
    const count = Number(page.headers['x-result-count']);
    if (page.body) {
      const parsed = JSON.parse(page.body.toString('utf8')) as unknown[];
      let text = '';
      if (normalize) for (const event of parsed) text += `${JSON.stringify(normalize(event, context))}\n`;
      else for (const event of parsed) text += `${JSON.stringify(event)}\n`;
      if (fd !== undefined && text.length > 0) {
        const buffer = Buffer.from(text);
        fs.writeSync(fd, buffer);
        if (args.sync) fs.fdatasyncSync(fd);
        bytesOut += buffer.length;
      }
      events += parsed.length;
    } else {
      events += count;
    }
    if (!(count > 0 && count >= Number(page.headers['x-limit'] ?? args.limit))) break;
    const token = page.headers['x-search_after'];
    if (typeof token !== 'string') break;
    searchAfter = JSON.parse(token) as unknown[];
  }
  if (fd !== undefined) fs.closeSync(fd);
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ events, pages, bytes_in: bytesIn, bytes_out: bytesOut })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
