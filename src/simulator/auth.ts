import type { IncomingHttpHeaders } from 'node:http';
import { type Reply, jsonReply, messageReply } from './reply';
import type { Tenant, TenantRegistry } from './tenants';
import type { TokenRegistry } from './tokens';

/** Which credential a request presented; recorded in the request log instead of the credential itself. */
export type AuthKind = 'api_key' | 'bearer' | 'basic' | 'none';

export type Caller = { ok: true; tenant: Tenant } | { ok: false; reply: Reply };

const ORG_ID = /^[0-9a-fA-F]{24}$/;
const UNAUTHORIZED = { error: 'Unauthorized', message: 'Unauthorized: api key user not found' };

export function authKindOf(headers: IncomingHttpHeaders): AuthKind {
  if (headers['x-api-key'] !== undefined) return 'api_key';
  const scheme = headers.authorization?.split(' ')[0].toLowerCase();
  return scheme === 'bearer' ? 'bearer' : scheme === 'basic' ? 'basic' : 'none';
}

/**
 * Who calls the Insights API, for which org. An API key implies its org, so x-org-id is optional with it;
 * a service-account token does not, so x-org-id is mandatory with a Bearer token.
 */
export function identify(headers: IncomingHttpHeaders, tenants: TenantRegistry, tokens: TokenRegistry, now_ms: number): Caller {
  const key = headers['x-api-key'];
  let tenant: Tenant | undefined;
  if (key !== undefined) {
    tenant = tenants.byKey(String(key));
    if (!tenant) return { ok: false, reply: jsonReply(401, UNAUTHORIZED) };
  } else {
    const token = bearerToken(headers);
    if (token === undefined) return { ok: false, reply: jsonReply(401, UNAUTHORIZED) };
    const org = tokens.orgOf(token, now_ms);
    tenant = org === undefined ? undefined : tenants.byOrg(org);
    if (!tenant) return { ok: false, reply: jsonReply(401, { error: 'Unauthorized', message: 'Unauthorized: invalid or expired token' }) };
  }
  if (tenant.config.role === 'command_runner') {
    return { ok: false, reply: messageReply(403, 'Only administrator roles can access the API. Command runners receive a 403 error.') };
  }
  const org = headers['x-org-id'];
  if (org === undefined) {
    if (key === undefined) return { ok: false, reply: messageReply(400, 'x-org-id header is required') };
  } else if (!ORG_ID.test(String(org))) {
    return { ok: false, reply: messageReply(400, 'Malformed ID') };
  } else if (String(org).toLowerCase() !== tenant.config.org_id) {
    return { ok: false, reply: messageReply(404, 'Organization ID Not Found') };
  }
  return { ok: true, tenant };
}

/**
 * The org a request is about, before any validation: fault rules scoped to an org must hit requests that
 * normal handling would go on to reject, too.
 */
export function claimedOrg(headers: IncomingHttpHeaders, tenants: TenantRegistry, tokens: TokenRegistry, now_ms: number): string | undefined {
  const org = headers['x-org-id'];
  if (typeof org === 'string') return org.toLowerCase();
  const key = headers['x-api-key'];
  if (key !== undefined) return tenants.byKey(String(key))?.config.org_id;
  const basic = basicCredentials(headers);
  if (basic) return tenants.byClientId(basic.client_id)?.config.org_id;
  const token = bearerToken(headers);
  return token === undefined ? undefined : tokens.orgOf(token, now_ms);
}

export function basicCredentials(headers: IncomingHttpHeaders): { client_id: string; client_secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { client_id: decoded.slice(0, colon), client_secret: decoded.slice(colon + 1) };
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match ? match[1] : undefined;
}
