import type { Clock, NormalizedDevice } from '../contract';
import { registerSecret } from '../log/secrets';
import { JumpCloudError } from './errors';
import { OAUTH_TOKEN_URL, TOKEN_PATH } from './regions';
import type { Transport } from './transport';

export interface Authenticator {
  /** Headers that authenticate one API request. */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** The API refused the credentials: forget cached ones. Returns true when a retry can help. */
  rejected(): boolean;
}

/** Refresh this long before the token's stated expiry, so a request never leaves with a dying token. */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;

function apiKeyAuthenticator(device: NormalizedDevice): Authenticator {
  const headers = { 'x-api-key': device.secret_key, 'x-org-id': device.config.org_id };
  return { headers: async () => headers, rejected: () => false };
}

function tokenUrl(device: NormalizedDevice): string {
  return device.config.base_url ? `${device.config.base_url}${TOKEN_PATH}` : OAUTH_TOKEN_URL;
}

function serviceAccountAuthenticator(device: NormalizedDevice, transport: Transport, clock: Clock): Authenticator {
  const basic = Buffer.from(`${device.access_id}:${device.secret_key}`).toString('base64');
  registerSecret(basic);
  let cached: { token: string; refreshAt: number } | undefined;
  let fetchedFresh = false;

  const fetchToken = async (signal?: AbortSignal): Promise<string> => {
    const url = tokenUrl(device);
    const response = await transport.post(
      url,
      'grant_type=client_credentials&scope=api',
      { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      signal,
    );
    if (response.status === 401 || response.status === 400) {
      throw new JumpCloudError(
        'auth',
        `JumpCloud refused the service account credentials (HTTP ${response.status}): check that Access ID / Username is the client ID and Password / Secret Key the client secret of an active service account (Admin Console > Settings > Service Accounts); regenerate the secret if it was rotated`,
        { status: response.status },
      );
    }
    if (response.status >= 500 || response.status === 429) {
      throw new JumpCloudError(response.status === 429 ? 'rate_limit' : 'server', `The JumpCloud token endpoint answered HTTP ${response.status}`, { retryable: true, status: response.status });
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(response.body) as typeof parsed;
    } catch {
      throw new JumpCloudError('server', 'The JumpCloud token endpoint returned a body that is not JSON', { retryable: true });
    }
    if (response.status !== 200 || typeof parsed.access_token !== 'string') {
      throw new JumpCloudError('auth', `The JumpCloud token endpoint answered HTTP ${response.status} without an access token`, { status: response.status });
    }
    registerSecret(parsed.access_token);
    const lifetimeMs = (typeof parsed.expires_in === 'number' ? parsed.expires_in : 3600) * 1000;
    cached = { token: parsed.access_token, refreshAt: clock.now() + Math.max(0, lifetimeMs - TOKEN_EXPIRY_MARGIN_MS) };
    fetchedFresh = true;
    return parsed.access_token;
  };

  return {
    async headers(signal) {
      fetchedFresh = false;
      const token = cached && clock.now() < cached.refreshAt ? cached.token : await fetchToken(signal);
      return { Authorization: `Bearer ${token}`, 'x-org-id': device.config.org_id };
    },
    rejected() {
      const canRetry = !fetchedFresh;
      cached = undefined;
      return canRetry;
    },
  };
}

export function createAuthenticator(device: NormalizedDevice, transport: Transport, clock: Clock): Authenticator {
  registerSecret(device.secret_key);
  return device.config.auth === 'service_account' ? serviceAccountAuthenticator(device, transport, clock) : apiKeyAuthenticator(device);
}
