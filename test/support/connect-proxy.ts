import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

export interface ProxyHop {
  /** 'connect': a CONNECT tunnel; 'forward': a plain request with an absolute URI. */
  kind: 'connect' | 'forward';
  /** host:port the client asked for (IPv6 without brackets). */
  target: string;
  /** false when the proxy refused the target (not loopback, denied, malformed, or no valid credentials). */
  allowed: boolean;
  /** What the proxy answered when it refused: 400, 403 or 407. */
  refused_with?: number;
}

export interface ConnectProxyOptions {
  /** Require Proxy-Authorization: Basic with these credentials (else 407). */
  credentials?: { username: string; password: string };
  /** Loopback targets ("127.0.0.1:PORT") refused with 403 as a proxy policy would. */
  deny?: string[];
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Every target asked for, allowed or not, in order: "127.0.0.1:41234". */
  targets(): string[];
  hops(): ProxyHop[];
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** "host:port" / "[::1]:port" → parts, or undefined when it is not host:port. */
function splitTarget(authority: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[3]);
  return port > 0 && port < 65536 ? { host: match[1] ?? match[2], port } : undefined;
}

/**
 * A real forwarding proxy on loopback, as a corporate proxy would be: CONNECT tunnels (what
 * https-proxy-agent sends for every target) and absolute-URI forwarding of plain http requests.
 * It records each target and refuses (403) anything that is not loopback, so a test can never
 * leak traffic off the machine through it; options make it demand credentials (407) or deny
 * chosen loopback targets (403), as a corporate proxy's policy would.
 */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const hops: ProxyHop[] = [];
  const expectedAuth = options.credentials && `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  /** The status the proxy refuses this target with, or undefined to let it through. */
  const refusal = (req: http.IncomingMessage, host: string, port: number): number | undefined => {
    if (expectedAuth && req.headers['proxy-authorization'] !== expectedAuth) return 407;
    if (!isLoopback(host) || options.deny?.includes(`${host}:${port}`)) return 403;
    return undefined;
  };
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = http.createServer((req, res) => {
    let url: URL | undefined;
    try {
      url = /^https?:\/\//i.test(req.url ?? '') ? new URL(req.url as string) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'http:') {
      res.writeHead(400, { 'Content-Type': 'text/plain', Connection: 'close' }).end('absolute http:// URI required\n');
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || 80);
    const refused = refusal(req, host, port);
    hops.push({ kind: 'forward', target: `${host}:${port}`, allowed: refused === undefined, ...(refused ? { refused_with: refused } : {}) });
    if (refused) {
      res.writeHead(refused, { 'Content-Type': 'text/plain', Connection: 'close', ...(refused === 407 ? { 'Proxy-Authenticate': 'Basic realm="test proxy"' } : {}) }).end(`proxy: refused (${refused})\n`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = http.request({ host, port, method: req.method, path: `${url.pathname}${url.search}`, headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end();
    });
    req.pipe(upstream);
  });

  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = splitTarget(req.url ?? '');
    const refused = target ? refusal(req, target.host, target.port) : 400;
    hops.push({ kind: 'connect', target: target ? `${target.host}:${target.port}` : String(req.url), allowed: refused === undefined, ...(refused ? { refused_with: refused } : {}) });
    if (!target || refused) {
      const reason = refused === 407 ? 'Proxy Authentication Required' : refused === 400 ? 'Bad Request' : 'Forbidden';
      const extra = refused === 407 ? 'Proxy-Authenticate: Basic realm="test proxy"\r\n' : '';
      client.end(`HTTP/1.1 ${refused} ${reason}\r\n${extra}Content-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (!established && client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      else client.destroy();
    });
    client.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    targets: () => hops.map((hop) => hop.target),
    hops: () => hops.map((hop) => ({ ...hop })),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}
