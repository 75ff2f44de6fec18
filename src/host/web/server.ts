import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { FieldMessage } from '../../contract';
import { validate } from '../../config/validate';
import { fieldMessage } from '../../config/messages';
import { testConnection } from '../../jumpcloud/test-connection';
import { manifest } from '../../manifest';
import { packagePath } from '../../paths';
import { redact, registerSecret } from '../../log/secrets';
import { scanDeviceDirectory, type DeviceEntry as ScannedDevice } from '../device-directory';
import { statePaths } from '../runtime';
import { readStatus } from '../status';
import { configObject, conflictMessage, DeviceStore, isDeviceKey, type DeviceEntry, type StoredDevice } from './device-store';
import { CONTENT_SECURITY_POLICY } from './layout';
import { formValues, renderDeviceForm } from './render-form';
import { renderStatusPage, statusRow, type DeviceFacts, type StatusRow } from './render-status';

export const MAX_BODY_BYTES = 256 * 1024;
export const TOKEN_COOKIE = 'adr_addon_token';
const SECRET_FIELD = manifest.form.find((f) => f.masked || f.type === 'password')?.key ?? 'secret_key';

export interface WebServerOptions {
  devicesDir: string;
  stateDir: string;
  /** Default 127.0.0.1. Any other than loopback needs a token. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  token?: string;
  /** How often the status page refreshes itself; default 5000. */
  refreshMs?: number;
  /** Diagnostics (already redacted). */
  log?: (line: string) => void;
}

export interface WebServer {
  /** The origin, e.g. http://127.0.0.1:8787 */
  url: string;
  /** What to open in a browser: the origin, with ?token= when a token is set. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** Why the console must not listen there, if it must not. */
export function bindingProblem(host: string, token: string | undefined): string | undefined {
  if (!isLoopback(host) && !token) {
    return `--host ${host} is not a loopback address: anyone who can reach it could add devices and read Collection Status. Pass --token T (every request then needs it), or keep the default --host 127.0.0.1`;
  }
  return undefined;
}

const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value), type: 'application/json; charset=utf-8' });
const html = (status: number, body: string): Reply => ({ status, body, type: 'text/html; charset=utf-8' });
const text = (status: number, body: string): Reply => ({ status, body: `${body}\n`, type: 'text/plain; charset=utf-8' });
const problem = (status: number, error: string, extra: Record<string, unknown> = {}): Reply => json(status, { ok: false, error, ...extra });

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return safeDecode(v.join('='));
  }
  return undefined;
}

class BodyError extends Error {
  constructor(readonly reply: Reply) {
    super(reply.body);
  }
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new BodyError(problem(415, 'Content-Type must be application/json'));
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new BodyError(problem(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(problem(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(problem(400, 'Request body is not valid JSON'));
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The API origin a device's key is sent to, or undefined when its configuration does not resolve. */
function apiOrigin(device: StoredDevice | undefined): string | undefined {
  const checked = device ? validate({ ...device, [SECRET_FIELD]: 'x'.repeat(16) }) : undefined;
  return checked?.device?.config.api_origin;
}

const JUMPCLOUD_ORIGIN = /^https:\/\/([a-z0-9-]+\.)*jumpcloud\.com(:\d+)?$/;

/**
 * The form as submitted, with the stored secret in place of a blank one. A stored secret is never
 * sent to a new non-JumpCloud origin (a loopback base_url) without being typed again, so that whoever
 * can reach the console cannot point a saved key at a listener of their own.
 */
function withStoredSecret(form: Record<string, unknown>, stored: StoredDevice | undefined): { device: Record<string, unknown>; errors: FieldMessage[] } {
  const device = { ...form };
  const submitted = device[SECRET_FIELD];
  if (typeof submitted === 'string' && submitted !== '') registerSecret(submitted);
  if (!stored || (submitted !== undefined && submitted !== '')) return { device, errors: [] };
  device[SECRET_FIELD] = stored[SECRET_FIELD];
  const before = apiOrigin(stored);
  const after = apiOrigin(device);
  if (before && after && before !== after && !JUMPCLOUD_ORIGIN.test(after)) {
    return { device, errors: [fieldMessage(SECRET_FIELD, `enter it again: the API origin changed from ${before} to ${after}, and a stored key is only sent to the host it was saved for`)] };
  }
  return { device, errors: [] };
}

function deviceFacts(entry: ScannedDevice): DeviceFacts {
  const loaded = entry.loaded;
  if (!loaded.ok) return { key: entry.key, enabled: true, errors: loaded.errors };
  const { device } = loaded;
  return { key: entry.key, device_name: device.device_name, org_id: device.config.org_id, cce_ip: device.cce_ip, enabled: device.enabled, errors: [] };
}

/** The browser-facing view of a stored device: everything but the secret. */
function publicDevice(entry: DeviceEntry): Record<string, unknown> {
  const { [SECRET_FIELD]: secret, ...rest } = entry.device ?? {};
  return { key: entry.key, ...rest, has_secret: typeof secret === 'string' && secret !== '', ...(entry.problem ? { problem: entry.problem } : {}) };
}

function createHandler(options: WebServerOptions & { origins: () => string[] }): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const store = new DeviceStore(options.devicesDir);
  const refreshMs = options.refreshMs ?? 5000;
  const log = options.log ?? (() => undefined);
  const icon = fs.readFileSync(packagePath(manifest.icon), 'utf8');

  let scanned = new Map<string, ScannedDevice>();
  function statusRows(): StatusRow[] {
    const now = Date.now();
    scanned = scanDeviceDirectory(options.devicesDir, scanned);
    return [...scanned.values()].map((entry) => statusRow(deviceFacts(entry), readStatus(statePaths(options.stateDir, entry.key).status), now));
  }

  async function saveDevice(key: string | undefined, body: unknown): Promise<Reply> {
    if (!isObject(body)) return problem(400, 'Request body must be a JSON object with the form fields');
    const existing = key === undefined ? undefined : store.read(key);
    if (key !== undefined && !existing) return problem(404, `No device ${key}`);
    const { device, errors: secretErrors } = withStoredSecret(body, existing?.device);
    // The form has no "enabled" field: an update keeps what the file says.
    if (device.enabled === undefined && existing?.device?.enabled !== undefined) device.enabled = existing.device.enabled;
    const checked = validate(device);
    const errors = [...secretErrors, ...checked.errors];
    if (errors.length > 0 || !checked.device) return json(422, { ok: false, errors, warnings: checked.warnings });
    const conflict = store.orgConflict(key, checked.device);
    if (conflict) {
      const message = conflictMessage(checked.device.config.org_id, conflict);
      return json(409, { ok: false, error: message.message, errors: [message], warnings: checked.warnings });
    }
    const target = key ?? store.newKey(checked.device.device_name);
    await store.write(target, { ...device, config: configObject(device) });
    log(`${key ? 'updated' : 'created'} device ${target}.json`);
    return json(key ? 200 : 201, { ok: true, key: target, location: `/devices/${target}/edit`, warnings: checked.warnings });
  }

  async function tryConnection(body: unknown): Promise<Reply> {
    if (!isObject(body)) return problem(400, 'Request body must be a JSON object with the form fields');
    const { key, ...form } = body;
    const existing = typeof key === 'string' ? store.read(key) : undefined;
    if (key !== undefined && !existing) return problem(404, `No device ${String(key)}`);
    const { device, errors: secretErrors } = withStoredSecret(form, existing?.device);
    const checked = validate(device);
    const errors = [...secretErrors, ...checked.errors];
    if (errors.length > 0) {
      return json(200, { status: 'Failed', category: 'config', message: errors.map((e) => e.message).join('; '), latency_ms: 0, errors, warnings: checked.warnings });
    }
    return json(200, { ...(await testConnection(device)), warnings: checked.warnings });
  }

  function get(pathname: string, query: URLSearchParams): Reply {
    if (pathname === '/' || pathname === '/status') return html(200, renderStatusPage(statusRows(), Date.now(), refreshMs));
    if (pathname === '/api/status') return json(200, { generated_at: new Date().toISOString(), devices: statusRows() });
    if (pathname === '/api/devices') return json(200, { devices: store.list().map(publicDevice) });
    if (pathname === '/devices/new') return html(200, renderDeviceForm({ values: formValues(manifest.form) }));
    if (pathname === '/icon.svg') return { status: 200, body: icon, type: 'image/svg+xml' };
    const api = /^\/api\/devices\/([^/]+)$/.exec(pathname);
    const edit = /^\/devices\/([^/]+)\/edit$/.exec(pathname);
    const key = safeDecode((api ?? edit)?.[1] ?? '');
    if (!key) return text(404, 'Not found');
    const entry = isDeviceKey(key) ? store.read(key) : undefined;
    if (!entry) return api ? problem(404, `No device ${key}`) : text(404, `No device ${key}`);
    if (api) return json(200, publicDevice(entry));
    const checked = entry.device ? validate(entry.device) : undefined;
    return html(
      200,
      renderDeviceForm({
        key,
        values: formValues(manifest.form, entry.device),
        errors: entry.problem ? [{ field: 'device', message: `Device file: ${entry.problem}` }] : checked?.errors,
        warnings: checked?.warnings,
        notice: query.get('saved') ? `Saved as ${key}.json.` : undefined,
      }),
    );
  }

  async function post(pathname: string, req: http.IncomingMessage): Promise<Reply> {
    const update = /^\/api\/devices\/([^/]+)$/.exec(pathname);
    if (pathname !== '/api/devices' && pathname !== '/api/test-connection' && !update) return problem(404, 'Not found');
    const key = update ? safeDecode(update[1]) : undefined;
    if (key !== undefined && !isDeviceKey(key)) return problem(404, `No device ${key}`);
    const body = await readJsonBody(req);
    if (pathname === '/api/test-connection') return tryConnection(body);
    return saveDevice(key, body);
  }

  /** Same-origin only: a foreign Origin or a cross-site fetch is refused before anything else happens. */
  function crossOrigin(req: http.IncomingMessage): string | undefined {
    // With a token any Host is served (the token guards it), so the Host's own origin is this console too.
    const own = options.token ? [...options.origins(), `http://${req.headers.host}`] : options.origins();
    const origin = req.headers.origin;
    if (origin !== undefined && !own.includes(origin)) return `Origin ${origin} is not this console`;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return `cross-site request (Sec-Fetch-Site: ${site})`;
    return undefined;
  }

  /** With a token: Authorization: Bearer T, or the cookie that /?token=T sets. */
  function authorized(req: http.IncomingMessage): boolean {
    if (!options.token) return true;
    const header = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = header ?? cookie(req, TOKEN_COOKIE);
    return presented !== undefined && sameSecret(presented, options.token);
  }

  async function route(req: http.IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    // Without a token the Host must be this console's own: a DNS-rebound name is not.
    if (!options.token && !options.origins().includes(`http://${req.headers.host}`)) return text(421, `Host ${req.headers.host} is not this console`);
    const method = req.method ?? 'GET';
    if (method === 'POST') {
      const refused = crossOrigin(req);
      if (refused) return problem(403, `Forbidden: ${refused}`);
    }
    if (options.token && method === 'GET' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token') as string, options.token)) return text(401, 'Wrong token');
      url.searchParams.delete('token');
      const location = `${url.pathname}${url.search}`;
      return {
        status: 303,
        body: '',
        headers: { Location: location, 'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/` },
      };
    }
    if (!authorized(req)) return text(401, 'Unauthorized: open the URL that adr-addon serve printed (it carries ?token=), or send Authorization: Bearer <token>');
    if (method === 'GET' || method === 'HEAD') return get(url.pathname, url.searchParams);
    if (method === 'POST') return post(url.pathname, req);
    return { ...text(405, 'Method not allowed'), headers: { Allow: 'GET, HEAD, POST' } };
  }

  return (req, res) => {
    route(req)
      .catch((error: unknown) => {
        if (error instanceof BodyError) return error.reply;
        log(`internal error on ${req.method} ${(req.url ?? '').split('?')[0]}: ${(error as Error).message}`);
        return problem(500, 'Internal error');
      })
      .then((reply) => {
        // Redaction by value: any registered secret that slipped into a reply leaves as [REDACTED].
        const body = redact(reply.body);
        res.writeHead(reply.status, {
          'Content-Type': reply.type ?? 'text/plain; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'X-Frame-Options': 'DENY',
          'Referrer-Policy': 'no-referrer',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Resource-Policy': 'same-origin',
          'Cache-Control': 'no-store',
          ...(reply.status === 413 ? { Connection: 'close' } : {}),
          ...reply.headers,
        });
        res.end(body);
      });
  };
}

/** The local web console: Add-On Store form and Collection Status over node:http. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const refused = bindingProblem(host, options.token);
  if (refused) throw new Error(refused);
  fs.mkdirSync(options.devicesDir, { recursive: true, mode: 0o700 });
  let port = 0;
  const names = (): string[] => {
    const bound = host.includes(':') ? `[${host.replace(/^\[|\]$/g, '')}]` : host;
    return [...new Set([bound, '127.0.0.1', 'localhost', '[::1]'])].flatMap((name) => [`http://${name}:${port}`, ...(port === 80 ? [`http://${name}`] : [])]);
  };
  const server = http.createServer(createHandler({ ...options, origins: names }));
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = names()[0];
  let closed: Promise<void> | undefined;
  return {
    url,
    openUrl: options.token ? `${url}/?token=${encodeURIComponent(options.token)}` : `${url}/`,
    port,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
