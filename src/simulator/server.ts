import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { JumpCloudEvent } from '../contract';
import { type ApiEndpoint, handleApiRequest } from './api';
import { type AuthKind, authKindOf, claimedOrg, identify } from './auth';
import { type Fault, type FaultEndpoint, type FaultRule, FaultQueue } from './faults';
import { handleTokenRequest } from './oauth';
import { type Reply, messageReply } from './reply';
import { type SimulatorTenant, TenantRegistry } from './tenants';
import { TokenRegistry } from './tokens';

export interface SimulatorOptions {
  /** Default '127.0.0.1'; only loopback ('127.0.0.1' or '::1') is allowed. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  tenants: SimulatorTenant[];
  /** Serve HTTPS with this key pair. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** OAuth access token lifetime in seconds; default 3600. */
  token_ttl_s?: number;
}

export interface RequestLogEntry {
  endpoint: string;
  /** The org the request names (x-org-id) or whose credential it carries. */
  org_id?: string;
  /** The parsed JSON body; for the token endpoint only grant_type and scope. */
  body?: unknown;
  /** 0 when no response was sent (reset fault). */
  status: number;
  /** The kind of credential, never its value. */
  auth: AuthKind;
}

export interface SimulatorStats {
  requests: number;
  by_endpoint: Record<string, number>;
  events_served: number;
  faults_served: number;
  max_concurrent: number;
}

export interface Simulator {
  /** Origin, e.g. http://127.0.0.1:41234 (https:// with tls; IPv6 bracketed). */
  url: string;
  port: number;
  addTenant(t: SimulatorTenant): void;
  /** With visible_at_ms, the events are late-indexed: invisible to queries until Date.now() >= visible_at_ms. */
  addEvents(org_id: string, events: JumpCloudEvent[], opts?: { visible_at_ms?: number }): void;
  injectFaults(...rules: FaultRule[]): void;
  clearFaults(): void;
  /** Every issued OAuth token becomes invalid (401). */
  revokeTokens(): void;
  /** Ground truth: every event added for the org (late ones included), in served (ASC) order. */
  events(org_id: string): JumpCloudEvent[];
  stats(): SimulatorStats;
  requestLog(): RequestLogEntry[];
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = ['127.0.0.1', '::1'];
const MAX_BODY_BYTES = 1024 * 1024;
const ROUTES: Record<string, FaultEndpoint> = {
  '/insights/directory/v1/events': 'events',
  '/insights/directory/v1/events/count': 'count',
  '/oauth2/token': 'token',
};
/** What a proxy in front of the API serves instead of JSON. */
const NOT_JSON = '<!DOCTYPE html><html><head><title>Network login</title></head><body>Please sign in.</body></html>';

/**
 * A JumpCloud Directory Insights API on loopback: the test double for the whole add-on and the demo's data
 * source. It never writes to stdout and never records a credential.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  // A test double with well-known keys must never be reachable from the network.
  if (!LOOPBACK_HOSTS.includes(host)) throw new Error(`simulator: host must be loopback (127.0.0.1 or ::1), got "${host}"`);
  const ttl_s = opts.token_ttl_s ?? 3600;
  if (!(ttl_s > 0)) throw new Error('simulator: token_ttl_s must be positive');

  const tenants = new TenantRegistry();
  for (const t of opts.tenants) tenants.add(t);
  const tokens = new TokenRegistry(ttl_s * 1000);
  const faults = new FaultQueue();
  const log: RequestLogEntry[] = [];
  const stats: SimulatorStats = { requests: 0, by_endpoint: {}, events_served: 0, faults_served: 0, max_concurrent: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, endpoint: FaultEndpoint | undefined, entry: RequestLogEntry): Promise<void> {
    if (!endpoint) return send(res, messageReply(404, 'Not Found'), entry);
    if (req.method !== 'POST') return send(res, messageReply(405, 'Method Not Allowed', { Allow: 'POST' }), entry);
    const raw = await readBody(req);
    if (raw === undefined) return send(res, messageReply(413, `Request body larger than ${MAX_BODY_BYTES} bytes`), entry);
    entry.org_id = claimedOrg(req.headers, tenants, tokens, Date.now());
    const body = endpoint === 'token' ? loggableForm(raw) : parseJson(raw);
    entry.body = body;

    const fault = faults.take(endpoint, entry.org_id);
    if (fault) {
      stats.faults_served++;
      const early = faultReply(fault);
      if (early) return send(res, early, entry);
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'slow') await delay(fault.delay_ms);
    }

    // Read the clock only now: a slow fault has let time pass, and token expiry and late events must see it.
    const now = Date.now();
    const reply =
      endpoint === 'token' ? handleTokenRequest(req.headers, raw, tenants, tokens, ttl_s, now) : answerApi(endpoint, req, body, now);
    if (fault?.kind === 'truncated') return sendTruncated(res, reply, entry);
    if (fault?.kind === 'invalid_json') return send(res, { ...reply, status: 200, body: NOT_JSON }, entry);
    stats.events_served += reply.events ?? 0;
    send(res, reply, entry);
  }

  function answerApi(endpoint: ApiEndpoint, req: http.IncomingMessage, body: unknown, now: number): Reply {
    const caller = identify(req.headers, tenants, tokens, now);
    if (!caller.ok) return caller.reply;
    return handleApiRequest(endpoint, req.headers, body, caller.tenant, now);
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const endpoint: FaultEndpoint | undefined = ROUTES[(req.url ?? '').split('?')[0]];
    const name = endpoint ?? 'unknown';
    stats.requests++;
    stats.by_endpoint[name] = (stats.by_endpoint[name] ?? 0) + 1;
    inFlight++;
    stats.max_concurrent = Math.max(stats.max_concurrent, inFlight);
    res.once('close', () => inFlight--);
    const entry: RequestLogEntry = { endpoint: name, status: 0, auth: authKindOf(req.headers) };
    log.push(entry);
    serve(req, res, endpoint, entry).catch(() => req.socket.destroy());
  };

  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    addTenant: (t) => tenants.add(t),
    addEvents: (org_id, events, o) => tenantOf(tenants, org_id).store.add(events, o?.visible_at_ms),
    injectFaults: (...rules) => faults.push(...rules),
    clearFaults: () => faults.clear(),
    revokeTokens: () => tokens.revokeAll(),
    events: (org_id) => tenantOf(tenants, org_id).store.snapshot(),
    stats: () => ({ ...stats, by_endpoint: { ...stats.by_endpoint } }),
    requestLog: () => log.map((e) => ({ ...e })),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function tenantOf(tenants: TenantRegistry, org_id: string) {
  const tenant = tenants.byOrg(org_id);
  if (!tenant) throw new Error(`simulator: no tenant ${org_id}`);
  return tenant;
}

/** The reply a fault answers with instead of normal handling, or undefined when it alters normal handling. */
function faultReply(fault: Fault): Reply | undefined {
  switch (fault.kind) {
    case 'rate_limit':
      return messageReply(429, 'Too Many Requests', fault.retry_after_s === undefined ? {} : { 'Retry-After': String(fault.retry_after_s) });
    case 'server_error': {
      const status = fault.status ?? 500;
      if (status === 500) return messageReply(500, 'Internal Server Error');
      // Gateways in front of the API answer in HTML, not in the API's JSON shape.
      const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
      return { status, headers: { 'Content-Type': 'text/html' }, body: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>` };
    }
    default:
      return undefined;
  }
}

function send(res: http.ServerResponse, reply: Reply, entry: RequestLogEntry): void {
  const body = Buffer.from(reply.body);
  entry.status = reply.status;
  res.writeHead(reply.status, { ...reply.headers, 'X-Request-Id': randomUUID(), 'Content-Length': body.length });
  res.end(body);
}

/** Headers promise the whole body; half of it arrives and the connection dies, as when a proxy drops mid-transfer. */
function sendTruncated(res: http.ServerResponse, reply: Reply, entry: RequestLogEntry): void {
  const body = Buffer.from(reply.body);
  entry.status = reply.status;
  res.writeHead(reply.status, { ...reply.headers, 'X-Request-Id': randomUUID(), 'Content-Length': body.length });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

/** The body as text, or undefined when it exceeds the limit (read to the end anyway, so the 413 can be delivered). */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The token request's form without anything secret (a client may post client_secret in the body). */
function loggableForm(raw: string): Record<string, string> {
  const form = new URLSearchParams(raw);
  const kept: Record<string, string> = {};
  for (const name of ['grant_type', 'scope']) {
    const value = form.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
