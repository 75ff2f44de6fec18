import type { Clock, JumpCloudEvent, Logger, NormalizedDevice, RetryPolicy } from '../contract';
import { createAuthenticator, type Authenticator } from './auth';
import { JumpCloudError } from './errors';
import { COUNT_PATH, EVENTS_PATH } from './regions';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, withRetry } from './retry';
import { createTransport, type HttpResponse, type Transport } from './transport';

export const USER_AGENT = 'ADR-AddOn-JumpCloud/1.0';

export interface EventQuery {
  service: string[];
  start_time: string;
  end_time: string;
  limit: number;
  sort: 'ASC';
}

export interface EventPage {
  events: JumpCloudEvent[];
  /** X-Result-Count == X-Limit: the documented signal that another page may follow. */
  mayHaveMore: boolean;
  searchAfter?: unknown[];
}

export interface ClientOptions {
  logger: Logger;
  clock: Clock;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
}

function serverMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? message.slice(0, 300) : '';
  } catch {
    return '';
  }
}

/** What an HTTP status from Directory Insights means for the admin, or undefined for success. */
export function classifyResponse(response: HttpResponse, device: NormalizedDevice, now: number): JumpCloudError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const detail = serverMessage(response.body);
  const said = detail ? ` JumpCloud said: "${detail}".` : '';
  const serviceAccount = device.config.auth === 'service_account';
  if (status === 401) {
    return new JumpCloudError(
      'auth',
      serviceAccount
        ? `JumpCloud rejected the service account token (HTTP 401).${said} Check that the service account is active and has access to this organization.`
        : `JumpCloud rejected the API key (HTTP 401): it is wrong, expired or revoked.${said} An administrator must regenerate it in the JumpCloud Admin Console under Profile > My API Key and paste it into Password / Secret Key.`,
      { status },
    );
  }
  if (status === 403) {
    return new JumpCloudError(
      'permission',
      `JumpCloud refused access to Directory Insights (HTTP 403).${said} Only administrator roles can use the API (command runners get 403): use the API key of an administrator account.`,
      { status },
    );
  }
  if (status === 404 || (status === 400 && /malformed id|org/i.test(detail))) {
    return new JumpCloudError(
      'org',
      `JumpCloud does not accept the Organization ID ${device.config.org_id} for this ${serviceAccount ? 'service account' : 'API key'} (HTTP ${status}).${said} Copy the Organization ID from Settings > Organization Profile into Configuration JSON → org_id (and check "region").`,
      { status },
    );
  }
  if (status === 429) {
    return new JumpCloudError('rate_limit', `JumpCloud rate-limited the request (HTTP 429).${said}`, {
      status,
      retryable: true,
      retryAfterMs: parseRetryAfter(response.headers['retry-after'], now),
    });
  }
  if (status >= 500) {
    return new JumpCloudError('server', `JumpCloud answered HTTP ${status}.${said} This is usually temporary.`, { status, retryable: true });
  }
  return new JumpCloudError('config', `JumpCloud rejected the query (HTTP ${status}).${said} Check "services" and the other Configuration JSON keys.`, { status });
}

function parseBody<T>(response: HttpResponse, what: string): T {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    throw new JumpCloudError('server', `JumpCloud returned an incomplete or invalid JSON body for ${what} (${response.body.length} bytes)`, { retryable: true });
  }
}

/** A page as the paging loop needs it: events, whether another may follow, and the search_after token. */
function pageFrom(response: HttpResponse, limit: number): EventPage {
  const events = parseBody<unknown>(response, 'events');
  if (!Array.isArray(events)) throw new JumpCloudError('server', 'JumpCloud events response is not a JSON array', { retryable: true });
  const resultCount = Number(response.headers['x-result-count'] ?? events.length);
  const effectiveLimit = Number(response.headers['x-limit'] ?? limit);
  const token = response.headers['x-search_after'];
  let searchAfter: unknown[] | undefined;
  if (token) {
    try {
      const parsed: unknown = JSON.parse(token);
      if (Array.isArray(parsed)) searchAfter = parsed;
    } catch {
      searchAfter = undefined;
    }
  }
  return { events: events as JumpCloudEvent[], mayHaveMore: events.length > 0 && resultCount >= effectiveLimit, searchAfter };
}

/** The Directory Insights API of one tenant: authenticated, retried requests; no paging policy. */
export class DirectoryInsightsClient {
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly device: NormalizedDevice,
    private readonly options: ClientOptions,
  ) {
    this.transport = createTransport({
      timeout_ms: device.config.timeout_ms,
      proxy: device.config.proxy,
      ca_file: device.config.ca_file,
      user_agent: USER_AGENT,
    });
    this.auth = createAuthenticator(device, this.transport, options.clock);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  get route(): string {
    return this.transport.route(this.device.config.api_origin);
  }

  /** One request, retried as a whole, parsing included: a body cut short arrives as HTTP 200. */
  private async post<T>(path: string, body: unknown, what: string, parse: (response: HttpResponse) => T): Promise<T> {
    const url = `${this.device.config.api_origin}${path}`;
    const text = JSON.stringify(body);
    return withRetry(
      async () => {
        const headers = await this.auth.headers(this.options.signal);
        const response = await this.transport.post(url, text, { ...headers, 'Content-Type': 'application/json' }, this.options.signal);
        const failure = classifyResponse(response, this.device, this.options.clock.now());
        if (failure?.category === 'auth' && this.auth.rejected()) {
          throw new JumpCloudError('auth', 'access token refused, fetching a new one', { retryable: true, retryAfterMs: 0 });
        }
        if (failure) throw failure;
        return parse(response);
      },
      { policy: this.policy, clock: this.options.clock, logger: this.options.logger, signal: this.options.signal, what },
    );
  }

  async countEvents(query: Omit<EventQuery, 'limit' | 'sort'>): Promise<number> {
    return this.post(COUNT_PATH, query, 'events/count', (response) => {
      const { count } = parseBody<{ count?: unknown }>(response, 'events/count');
      if (typeof count !== 'number') throw new JumpCloudError('server', 'JumpCloud events/count returned no count', { retryable: true });
      return count;
    });
  }

  async eventsPage(query: EventQuery, searchAfter?: unknown[]): Promise<EventPage> {
    const body = searchAfter ? { ...query, search_after: searchAfter } : query;
    return this.post(EVENTS_PATH, body, 'events', (response) => pageFrom(response, query.limit));
  }

  close(): void {
    this.transport.close();
  }
}
