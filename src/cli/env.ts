import type { RetryPolicy } from '../contract';

function positiveInteger(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Operator tuning of the retry budget (ADR_RETRY_ATTEMPTS, ADR_RETRY_BASE_MS, ADR_RETRY_MAX_MS). */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RetryPolicy> {
  const policy: Partial<RetryPolicy> = {};
  const attempts = positiveInteger(env.ADR_RETRY_ATTEMPTS);
  const base = positiveInteger(env.ADR_RETRY_BASE_MS);
  const max = positiveInteger(env.ADR_RETRY_MAX_MS);
  if (attempts) policy.max_attempts = attempts;
  if (base) policy.base_delay_ms = base;
  if (max) policy.max_delay_ms = max;
  return policy;
}
