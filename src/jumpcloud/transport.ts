import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { JumpCloudError, isAbortError } from './errors';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface TransportOptions {
  timeout_ms: number;
  proxy?: string;
  ca_file?: string;
  user_agent: string;
}

export interface Transport {
  post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse>;
  /** "api.jumpcloud.com:443 via proxy proxy.corp:3128", for messages about the route. */
  route(url: string): string;
  close(): void;
}

const TLS_ERROR_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const NETWORK_HINTS: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  ECONNABORTED: 'the request timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed',
};

function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
}

function readCaBundle(caFile: string): string[] {
  try {
    return [...tls.rootCertificates, fs.readFileSync(caFile, 'utf8')];
  } catch (error) {
    throw new JumpCloudError('config', `Configuration JSON → ca_file: cannot read ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}): give the path of a PEM CA bundle readable on the CCE`);
  }
}

/**
 * HTTP to JumpCloud: keep-alive agents, optional proxy (CONNECT tunnelling through https-proxy-agent,
 * since axios' own proxy option is unreliable for https over an http proxy), extra CA, timeouts and
 * compression. It turns socket and TLS failures into JumpCloudErrors that name the route.
 */
export function createTransport(options: TransportOptions): Transport {
  const ca = options.ca_file ? readCaBundle(options.ca_file) : undefined;
  const agentOptions = { keepAlive: true, maxSockets: 4, maxFreeSockets: 2, ...(ca ? { ca } : {}) };
  const direct = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const proxyAgents = new Map<string, HttpsProxyAgent<string>>();
  /** Requests whose CONNECT the proxy answered with something else than 200, and that status. */
  const refusedTunnels = new WeakMap<object, number>();
  const proxyFor = (url: string): string => options.proxy ?? getProxyForUrl(url);
  const agentFor = (url: string): http.Agent => {
    const proxy = proxyFor(url);
    if (!proxy) return url.startsWith('https:') ? direct.https : direct.http;
    let agent = proxyAgents.get(proxy);
    if (!agent) {
      agent = new HttpsProxyAgent(proxy, agentOptions);
      // The constructor's options only reach the socket to the proxy: HttpsProxyAgent resets
      // agent.options to { path: undefined }, and agent.options is what Node merges into the options
      // of the TLS handshake with the target inside the tunnel. Without this, ca_file is ignored there.
      if (ca) agent.options.ca = ca;
      // A refused CONNECT is replayed to the request as if the target had answered it, so a proxy's
      // 403/407 would read as JumpCloud's. Remember it per request to tell the two apart.
      agent.on('proxyConnect', (connect: { statusCode: number }, req: object) => {
        if (connect.statusCode !== 200) refusedTunnels.set(req, connect.statusCode);
      });
      proxyAgents.set(proxy, agent);
    }
    return agent;
  };
  const client: AxiosInstance = axios.create({
    timeout: options.timeout_ms,
    proxy: false,
    decompress: true,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });

  const route = (url: string): string => {
    const target = new URL(url);
    const proxy = proxyFor(url);
    return proxy ? `${hostPort(target)} via proxy ${hostPort(new URL(proxy))}` : hostPort(target);
  };

  const describeFailure = (error: unknown, url: string): JumpCloudError => {
    const code = (error as { code?: string }).code ?? '';
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? code;
    const host = new URL(url).hostname;
    if (TLS_ERROR_CODES.has(reason) || /certificate|SSL|TLS/i.test(String((error as Error).message))) {
      return new JumpCloudError(
        'tls',
        `TLS verification failed for ${route(url)} (${reason || 'TLS error'}): if a corporate proxy inspects TLS, set "ca_file" in the Configuration JSON to its CA bundle; otherwise check the CCE's clock and that nothing intercepts HTTPS to ${host}`,
      );
    }
    const hint = NETWORK_HINTS[reason] ?? (code === 'ECONNABORTED' || /timeout/i.test(String((error as Error).message)) ? NETWORK_HINTS.ECONNABORTED : 'the request failed');
    return new JumpCloudError(
      'network',
      `Cannot reach the JumpCloud API at ${route(url)}: ${hint} (${reason || 'network error'}). The CCE needs outbound HTTPS (port 443) to ${host}${proxyFor(url) ? ' through the configured proxy' : ''}; check DNS, firewall and proxy settings`,
      { retryable: true },
    );
  };

  const tunnelRefused = (status: number, url: string): JumpCloudError => {
    const why =
      status === 407
        ? 'it requires authentication: put the user name and password into the proxy URL (http://user:password@proxy:port), or check them'
        : status === 403
          ? `its policy forbids ${hostPort(new URL(url))}: ask the proxy administrator to allow HTTPS to it`
          : 'it could not connect to the target';
    return new JumpCloudError('network', `Cannot reach the JumpCloud API at ${route(url)}: the proxy refused to open a tunnel (HTTP ${status}): ${why}`, { retryable: status >= 500, status });
  };

  return {
    route,
    async post(url, body, headers, signal) {
      const agent = agentFor(url);
      try {
        const response = await client.post<string>(url, body, {
          headers: { 'User-Agent': options.user_agent, Accept: 'application/json', ...headers },
          httpAgent: agent,
          httpsAgent: agent,
          signal,
        });
        const refused = refusedTunnels.get(response.request as object);
        if (refused !== undefined) throw tunnelRefused(refused, url);
        const flatHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && value !== null) flatHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        }
        return { status: response.status, headers: flatHeaders, body: typeof response.data === 'string' ? response.data : '' };
      } catch (error) {
        if (error instanceof JumpCloudError || isAbortError(error) || signal?.aborted) throw error;
        throw describeFailure(error, url);
      }
    },
    close() {
      direct.http.destroy();
      direct.https.destroy();
      for (const agent of proxyAgents.values()) agent.destroy();
    },
  };
}
