import type { IncomingHttpHeaders } from 'node:http';
import { basicCredentials } from './auth';
import { type Reply, jsonReply } from './reply';
import type { TenantRegistry } from './tenants';
import type { TokenRegistry } from './tokens';

/** The OAuth 2.0 client-credentials grant of JumpCloud service accounts (HTTP Basic client authentication). */
export function handleTokenRequest(
  headers: IncomingHttpHeaders,
  body: string,
  tenants: TenantRegistry,
  tokens: TokenRegistry,
  ttl_s: number,
  now_ms: number,
): Reply {
  const form = new URLSearchParams(body);

  const credentials = basicCredentials(headers);
  const tenant = credentials && tenants.byClientId(credentials.client_id);
  if (!credentials || !tenant || credentials.client_secret !== tenant.config.client_secret) {
    return jsonReply(
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed (unknown client, no client authentication included, or unsupported authentication method).' },
      { 'WWW-Authenticate': 'Basic realm="oauth2"' },
    );
  }
  const mediaType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return jsonReply(400, { error: 'invalid_request', error_description: 'The request body must be application/x-www-form-urlencoded.' });
  }
  const grant = form.get('grant_type');
  if (grant === null) return jsonReply(400, { error: 'invalid_request', error_description: 'grant_type is missing.' });
  if (grant !== 'client_credentials') return jsonReply(400, { error: 'unsupported_grant_type' });
  const scope = form.get('scope') ?? 'api';
  if (scope !== 'api') return jsonReply(400, { error: 'invalid_scope', error_description: `Scope "${scope}" is not allowed.` });

  const access_token = tokens.issue(tenant.config.org_id, now_ms);
  return jsonReply(200, { access_token, token_type: 'bearer', expires_in: ttl_s, scope: 'api' }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

