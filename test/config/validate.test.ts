import { validate } from '../../src/config/validate';
import { API_KEY, ORG_ID, deviceForm } from '../support/devices';

type BadCase = [description: string, input: unknown, field: string, message: RegExp];

const bad: BadCase[] = [
  ['device is not an object', 'JumpCloud', 'device', /must be a JSON object/],
  ['device is an array', [], 'device', /must be a JSON object/],
  ['device_name missing', deviceForm({ device_name: undefined }), 'device_name', /^Device Name: is required/],
  ['device_name empty', deviceForm({ device_name: '' }), 'device_name', /^Device Name: expected 1 to 64 printable/],
  ['device_name too long', deviceForm({ device_name: 'J'.repeat(65) }), 'device_name', /1 to 64/],
  ['device_name with a line break', deviceForm({ device_name: 'Jump\nCloud' }), 'device_name', /printable/],
  ['device_name starting with a space', deviceForm({ device_name: ' JumpCloud' }), 'device_name', /not starting with a space/],
  ['device_name not a string', deviceForm({ device_name: 42 }), 'device_name', /Device Name/],
  ['cce_ip missing', deviceForm({ cce_ip: undefined }), 'cce_ip', /^CCE IP: is required/],
  ['cce_ip out of range', deviceForm({ cce_ip: '10.0.0.300' }), 'cce_ip', /^CCE IP: expected the IPv4 or IPv6 address/],
  ['cce_ip host name', deviceForm({ cce_ip: 'cce.example.com' }), 'cce_ip', /IPv4 or IPv6/],
  ['cce_ip with port', deviceForm({ cce_ip: '10.0.0.15:443' }), 'cce_ip', /IPv4 or IPv6/],
  ['access_id filled for api_key auth', deviceForm({ access_id: 'admin@example.com' }), 'access_id', /^Access ID \/ Username: leave this blank.*Password \/ Secret Key/],
  ['access_id missing for service accounts', deviceForm({}, { auth: 'service_account' }), 'access_id', /client ID/],
  ['secret_key missing', deviceForm({ secret_key: undefined }), 'secret_key', /^Password \/ Secret Key: is required/],
  ['secret_key empty', deviceForm({ secret_key: '' }), 'secret_key', /Profile > My API Key/],
  ['secret_key too short', deviceForm({ secret_key: 'abc123' }), 'secret_key', /16 to 512 characters/],
  ['secret_key with a trailing newline', deviceForm({ secret_key: `${API_KEY}\n` }), 'secret_key', /line breaks/],
  ['secret_key with a space', deviceForm({ secret_key: `${API_KEY.slice(0, 20)} ${API_KEY.slice(20)}` }), 'secret_key', /without spaces/],
  ['secret_key too long', deviceForm({ secret_key: 'k'.repeat(513) }), 'secret_key', /16 to 512/],
  ['config missing', deviceForm({ config: undefined }), 'config', /^Configuration JSON: is required/],
  ['config is a number', deviceForm({ config: 5 }), 'config', /Configuration JSON/],
  ['config text is not JSON', deviceForm({ config: '{"org_id": "abc",\n  "region": eu}' }), 'config', /not valid JSON: .* at line 2, column 13/],
  ['config text with single quotes', deviceForm({ config: "{'org_id': 'x'}" }), 'config', /single quotes .* line 1, column 2/],
  ['config text with a trailing comma', deviceForm({ config: `{"org_id": "${ORG_ID}",}` }), 'config', /trailing comma/],
  ['config text is an array', deviceForm({ config: '[]' }), 'config', /must be a JSON object/],
  ['config text too large', deviceForm({ config: ' '.repeat(70_000) }), 'config', /Configuration JSON/],
  ['org_id missing', deviceForm({ config: {} }), 'config.org_id', /^Configuration JSON → org_id: is required: expected the 24-character Organization ID from Settings > Organization Profile/],
  ['org_id left as the placeholder', deviceForm({}, { org_id: 'your_organization_id' }), 'config.org_id', /Settings > Organization Profile/],
  ['org_id too short', deviceForm({}, { org_id: ORG_ID.slice(0, 23) }), 'config.org_id', /24-character/],
  ['org_id not a string', deviceForm({}, { org_id: 12345 }), 'config.org_id', /24-character/],
  ['region unknown', deviceForm({}, { region: 'apac' }), 'config.region', /"us", "eu" or "in"/],
  ['base_url to a foreign host', deviceForm({}, { base_url: 'https://evil.example' }), 'config.base_url', /other hosts are refused/],
  ['base_url lookalike of localhost', deviceForm({}, { base_url: 'http://localhost.evil.example' }), 'config.base_url', /refused/],
  ['base_url lookalike of jumpcloud', deviceForm({}, { base_url: 'https://jumpcloud.com.evil.example' }), 'config.base_url', /refused/],
  ['base_url with credentials trick', deviceForm({}, { base_url: 'https://api.jumpcloud.com@evil.example' }), 'config.base_url', /refused/],
  ['base_url plain http to jumpcloud', deviceForm({}, { base_url: 'http://api.jumpcloud.com' }), 'config.base_url', /refused/],
  ['base_url to a private address', deviceForm({}, { base_url: 'http://10.0.0.5:8080' }), 'config.base_url', /refused/],
  ['services empty', deviceForm({}, { services: [] }), 'config.services', /service names/],
  ['services all combined with named', deviceForm({}, { services: ['all', 'sso'] }), 'config.services', /"all" must stand alone/],
  ['services duplicated', deviceForm({}, { services: ['sso', 'sso'] }), 'config.services', /without duplicates/],
  ['services as a string', deviceForm({}, { services: 'all' }), 'config.services', /list/],
  ['auth unknown', deviceForm({}, { auth: 'oauth' }), 'config.auth', /"api_key" or "service_account"/],
  ['lookback beyond retention', deviceForm({}, { lookback: '91d' }), 'config.lookback', /from 1m to 90d/],
  ['lookback in weeks', deviceForm({}, { lookback: '2w' }), 'config.lookback', /duration such as "60s"/],
  ['poll_interval zero', deviceForm({}, { poll_interval: 0 }), 'config.poll_interval', /from 1s to 1d/],
  ['poll_interval negative', deviceForm({}, { poll_interval: -5 }), 'config.poll_interval', /duration/],
  ['page_size above the API limit', deviceForm({}, { page_size: 20000 }), 'config.page_size', /1 to 10000/],
  ['page_size fractional', deviceForm({}, { page_size: 10.5 }), 'config.page_size', /whole number/],
  ['settle_delay as text without unit', deviceForm({}, { settle_delay: '60' }), 'config.settle_delay', /duration/],
  ['timeout too long', deviceForm({}, { timeout: '1h' }), 'config.timeout', /from 1s to 10m/],
  ['proxy without scheme', deviceForm({}, { proxy: 'proxy.corp:3128' }), 'config.proxy', /http:\/\/ or https:\/\//],
  ['proxy socks', deviceForm({}, { proxy: 'socks5://proxy.corp:1080' }), 'config.proxy', /proxy URL/],
  ['ca_file empty', deviceForm({}, { ca_file: '' }), 'config.ca_file', /PEM CA bundle/],
  ['unknown key with a typo', deviceForm({}, { lookbak: '2d' }), 'config.lookbak', /did you mean "lookback"\?/],
  ['unknown key with another case', deviceForm({}, { Org_ID: ORG_ID }), 'config.Org_ID', /did you mean "org_id"\?/],
  ['output of unknown type', deviceForm({}, { output: { type: 'kafka' } }), 'config.output', /"type": "file"/],
  ['unknown device key', deviceForm({ password: 'x' }), 'password', /not a known key/],
  ['enabled not boolean', deviceForm({ enabled: 'yes' }), 'enabled', /true or false/],
];

describe('validate: bad input names the field and how to fix it', () => {
  test.each(bad)('%s', (_description, input, field, message) => {
    const result = validate(input);
    expect(result.ok).toBe(false);
    expect(result.device).toBeUndefined();
    const error = result.errors.find((e) => e.field === field);
    expect(error).toBeDefined();
    expect(error?.message).toMatch(message);
  });

  test('no message ever contains the secret key', () => {
    for (const [, input] of bad) {
      const text = JSON.stringify(validate(input));
      expect(text).not.toContain(API_KEY);
    }
    const secretInConfig = validate(deviceForm({ config: `{"org_id": "${API_KEY}"` }));
    expect(JSON.stringify(secretInConfig)).not.toContain(API_KEY);
  });
});

describe('validate: good input', () => {
  test('the article\'s form with defaults applied', () => {
    const result = validate(deviceForm({ config: `{ "org_id": "${ORG_ID}"}` }));
    expect(result).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      device: {
        device_name: 'JumpCloud',
        cce_ip: '10.0.0.15',
        access_id: '',
        secret_key: API_KEY,
        enabled: true,
        config: {
          org_id: ORG_ID,
          region: 'us',
          api_origin: 'https://api.jumpcloud.com',
          services: ['all'],
          auth: 'api_key',
          lookback_ms: 86_400_000,
          poll_interval_ms: 60_000,
          page_size: 10_000,
          settle_delay_ms: 60_000,
          timeout_ms: 30_000,
        },
      },
    });
  });

  test.each([
    ['eu', 'https://api.eu.jumpcloud.com'],
    ['in', 'https://api.in.jumpcloud.com'],
  ])('region %s selects %s', (region, origin) => {
    expect(validate(deviceForm({}, { region })).device?.config.api_origin).toBe(origin);
  });

  test('every option, IPv6 CCE, uppercase org id normalised', () => {
    const result = validate(
      deviceForm(
        { cce_ip: 'fd00::15', device_name: 'JumpCloud - Customer A' },
        {
          org_id: ORG_ID.toUpperCase(),
          base_url: 'https://api.eu.jumpcloud.com/',
          services: ['directory', 'sso', 'radius'],
          lookback: '7d',
          poll_interval: 300,
          page_size: 500,
          settle_delay: '2m',
          timeout: '45s',
          proxy: 'http://proxy.corp.example:3128',
          ca_file: '/etc/ssl/corp-ca.pem',
          output: { type: 'syslog', host: '10.0.0.15', port: 6514, protocol: 'tls' },
        },
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.device?.config).toMatchObject({
      org_id: ORG_ID,
      api_origin: 'https://api.eu.jumpcloud.com',
      services: ['directory', 'sso', 'radius'],
      lookback_ms: 7 * 86_400_000,
      poll_interval_ms: 300_000,
      settle_delay_ms: 120_000,
      timeout_ms: 45_000,
      proxy: 'http://proxy.corp.example:3128',
    });
  });

  test.each(['http://127.0.0.1:8080', 'https://127.1.2.3', 'http://[::1]:9000', 'http://localhost:3000/'])('loopback base_url %s is accepted with a warning', (baseUrl) => {
    const result = validate(deviceForm({}, { base_url: baseUrl }));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ field: 'config.base_url', message: expect.stringMatching(/simulator/) })]);
  });

  test('a service account uses Access ID as the client ID', () => {
    const result = validate(deviceForm({ access_id: 'svc-7c1f0e2a9b' }, { auth: 'service_account' }));
    expect(result.ok).toBe(true);
    expect(result.device?.access_id).toBe('svc-7c1f0e2a9b');
  });

  test('an unknown service is a warning, not an error', () => {
    const result = validate(deviceForm({}, { services: ['directory', 'aigw'] }));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ field: 'config.services', message: expect.stringMatching(/"aigw" is not a published/) })]);
  });

  test('errors and warnings come back together', () => {
    const result = validate(deviceForm({ cce_ip: 'nope' }, { services: ['aigw'] }));
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.field)).toEqual(['cce_ip']);
  });
});
