/**
 * Every secret value this process holds (API keys, client secrets, tokens, Basic credentials).
 * Redaction works by value, not by field name, so a secret is removed wherever it surfaces:
 * a log line, an axios error carrying request headers, a message built by mistake.
 */
const secrets = new Set<string>();
const MASK = '[REDACTED]';

/** Shorter values would redact ordinary words; no real key, secret or token is this short. */
const MIN_SECRET_LENGTH = 8;

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) {
    secrets.add(value);
    secrets.add(Buffer.from(value).toString('base64'));
  }
}

export function forgetSecret(value: string): void {
  secrets.delete(value);
  secrets.delete(Buffer.from(value).toString('base64'));
}

export type Redactor = (text: string) => string;

function replaceAll(text: string, values: Iterable<string>): string {
  let result = text;
  for (const value of values) {
    if (result.includes(value)) result = result.split(value).join(MASK);
  }
  return result;
}

/** Removes every secret of the process: for logs, messages and status, which are short. */
export function redact(text: string): string {
  return replaceAll(text, secrets);
}

/**
 * Removes only the given values (one device's credentials and their base64 forms). Output records are
 * large and many: scanning them for every tenant's secret would cost O(tenants) per record, and a
 * device's output can only ever carry that device's own credentials.
 */
export function redactorFor(values: Array<string | undefined>): Redactor {
  const known = values.filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH).flatMap((value) => [value, Buffer.from(value).toString('base64')]);
  return (text) => replaceAll(text, known);
}

export function containsSecret(text: string): boolean {
  for (const secret of secrets) if (text.includes(secret)) return true;
  return false;
}
