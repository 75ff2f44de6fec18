/** A misbehaviour of the API or of the network in front of it, as a client meets it in production. */
export type Fault =
  /** 429 with body {"message":"Too Many Requests"}, and Retry-After when given. */
  | { kind: 'rate_limit'; retry_after_s?: number }
  /** A gateway or backend failure; 500 unless told otherwise. */
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  /** The socket is destroyed without any response. */
  | { kind: 'reset' }
  /** The request waits, then is answered normally: for client timeouts. */
  | { kind: 'slow'; delay_ms: number }
  /** The normal status and a correct Content-Length, but only half the body before the socket dies. */
  | { kind: 'truncated' }
  /** 200 whose body is not JSON, as a captive portal or misconfigured proxy would send. */
  | { kind: 'invalid_json' };

export type FaultEndpoint = 'events' | 'count' | 'token';

export interface FaultRule {
  fault: Fault;
  /** How many matching requests this rule hits; default 1. */
  times?: number;
  /** Default: the two API endpoints, events and count (not the token endpoint). */
  endpoint?: FaultEndpoint;
  /** Only requests for this org; default any. */
  org_id?: string;
}

interface Pending {
  fault: Fault;
  remaining: number;
  endpoints: readonly FaultEndpoint[];
  org_id?: string;
}

/** Rules are consumed in the order they were injected, so a test can script a sequence (429, 429, 503, ok). */
export class FaultQueue {
  private pending: Pending[] = [];

  push(...rules: FaultRule[]): void {
    for (const rule of rules) {
      const times = rule.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new Error('FaultRule.times must be a positive integer');
      validateFault(rule.fault);
      this.pending.push({
        fault: rule.fault,
        remaining: times,
        endpoints: rule.endpoint ? [rule.endpoint] : ['events', 'count'],
        org_id: rule.org_id,
      });
    }
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault for this request, if a rule matches it; the rule loses one use. */
  take(endpoint: FaultEndpoint, org_id: string | undefined): Fault | undefined {
    const index = this.pending.findIndex(
      (p) => p.endpoints.includes(endpoint) && (p.org_id === undefined || p.org_id === org_id),
    );
    if (index < 0) return undefined;
    const rule = this.pending[index];
    rule.remaining -= 1;
    if (rule.remaining === 0) this.pending.splice(index, 1);
    return rule.fault;
  }
}

function validateFault(fault: Fault): void {
  if (fault.kind === 'slow' && !(fault.delay_ms >= 0)) throw new Error('slow fault needs delay_ms >= 0');
  if (fault.kind === 'rate_limit' && fault.retry_after_s !== undefined && !(fault.retry_after_s >= 0)) {
    throw new Error('rate_limit fault needs retry_after_s >= 0');
  }
}
