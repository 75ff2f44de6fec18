/**
 * Every secret value this process holds (API keys, client secrets, tokens, Basic credentials).
 * Redaction works by value, not by field name, so a secret is removed wherever it surfaces:
 * a log line, an axios error carrying request headers, a message built by mistake.
 */
const secrets = new Set<string>();
const MASK = '[REDACTED]';

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) {
    secrets.add(value);
    secrets.add(Buffer.from(value).toString('base64'));
  }
}

export function forgetSecret(value: string): void {
  secrets.delete(value);
  secrets.delete(Buffer.from(value).toString('base64'));
}

export function redact(text: string): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(MASK);
  }
  return result;
}

export function containsSecret(text: string): boolean {
  for (const secret of secrets) if (text.includes(secret)) return true;
  return false;
}
