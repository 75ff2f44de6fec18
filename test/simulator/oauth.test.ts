import { generateEvents, startSimulator, type Simulator } from '../../src/simulator';
import { DAY, KEY, ORG, TOKEN_PATH, iso, post } from './helpers';

const CLIENT_ID = 'svc-7c1f0e2a9b';
const CLIENT_SECRET = 'sim-client-secret-94d1e0c7';
const NOW = Date.now();
const QUERY = { service: ['all'], start_time: iso(NOW - DAY), limit: 10 };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    tenants: [
      {
        org_id: ORG,
        api_key: KEY,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        events: generateEvents({ org_id: ORG, count: 20, start_ms: NOW - DAY, end_ms: NOW - 60_000, seed: 9 }),
      },
    ],
    token_ttl_s: 0.4,
  });
});
afterAll(() => sim.stop());

async function requestToken(
  id = CLIENT_ID,
  secret = CLIENT_SECRET,
  form = 'grant_type=client_credentials&scope=api',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(sim.url + TOKEN_PATH, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, json: res.headers.get('content-type') === 'application/json' ? JSON.parse(text) : { text } };
}

const withBearer = (token: unknown, org: string | null = ORG) => ({ 'x-api-key': undefined, authorization: `Bearer ${token}`, 'x-org-id': org ?? undefined });

test('client credentials get a bearer token that opens the API, with x-org-id', async () => {
  const { status, json } = await requestToken();
  expect(status).toBe(200);
  expect(json).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 0.4, scope: 'api' });
  const r = await post(sim, QUERY, withBearer(json.access_token));
  expect(r.status).toBe(200);
  expect(r.json).toHaveLength(10);
});

test('with a bearer token x-org-id is mandatory', async () => {
  const { json } = await requestToken();
  const r = await post(sim, QUERY, withBearer(json.access_token, null));
  expect([r.status, r.json]).toEqual([400, { message: 'x-org-id header is required' }]);
});

test('a wrong secret or unknown client is 401 invalid_client', async () => {
  for (const [id, secret] of [[CLIENT_ID, 'wrong'], ['nobody', CLIENT_SECRET]]) {
    const { status, json } = await requestToken(id, secret);
    expect(status).toBe(401);
    expect(json.error).toBe('invalid_client');
  }
});

test('a grant other than client_credentials is 400 unsupported_grant_type', async () => {
  const { status, json } = await requestToken(CLIENT_ID, CLIENT_SECRET, 'grant_type=password&scope=api');
  expect([status, json]).toEqual([400, { error: 'unsupported_grant_type' }]);
});

test('a token expires after token_ttl_s', async () => {
  const { json } = await requestToken();
  expect((await post(sim, QUERY, withBearer(json.access_token))).status).toBe(200);
  await new Promise((r) => setTimeout(r, 450));
  expect((await post(sim, QUERY, withBearer(json.access_token))).status).toBe(401);
});

test('revokeTokens invalidates every issued token; a new one works', async () => {
  const { json } = await requestToken();
  sim.revokeTokens();
  expect((await post(sim, QUERY, withBearer(json.access_token))).status).toBe(401);
  const fresh = await requestToken();
  expect((await post(sim, QUERY, withBearer(fresh.json.access_token))).status).toBe(200);
});

test('the token endpoint can be faulted on its own', async () => {
  sim.injectFaults({ fault: { kind: 'server_error', status: 503 }, endpoint: 'token' });
  expect((await post(sim, QUERY)).status).toBe(200);
  expect((await requestToken()).status).toBe(503);
  expect((await requestToken()).status).toBe(200);
});

test('the request log records the kind of credential, never its value', async () => {
  const { json } = await requestToken();
  await post(sim, QUERY, withBearer(json.access_token));
  const log = sim.requestLog();
  const text = JSON.stringify(log);
  for (const secret of [KEY, CLIENT_SECRET, String(json.access_token), Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')]) {
    expect(text).not.toContain(secret);
  }
  expect(log.at(-2)).toEqual({ endpoint: 'token', org_id: ORG, body: { grant_type: 'client_credentials', scope: 'api' }, status: 200, auth: 'basic' });
  expect(log.at(-1)).toMatchObject({ endpoint: 'events', org_id: ORG, body: QUERY, status: 200, auth: 'bearer' });
});
