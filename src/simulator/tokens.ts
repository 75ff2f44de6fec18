import { randomBytes } from 'node:crypto';

/** OAuth access tokens issued by the simulated token endpoint, each bound to one tenant's org. */
export class TokenRegistry {
  private tokens = new Map<string, { org_id: string; expires_at_ms: number }>();

  constructor(private readonly ttl_ms: number) {}

  issue(org_id: string, now_ms: number): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { org_id, expires_at_ms: now_ms + this.ttl_ms });
    return token;
  }

  /** The org a live token was issued for; undefined for unknown, expired or revoked tokens. */
  orgOf(token: string, now_ms: number): string | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    if (now_ms >= entry.expires_at_ms) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.org_id;
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}
