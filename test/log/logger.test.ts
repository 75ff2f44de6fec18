import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { containsSecret, redact, redactorFor, registerSecret } from '../../src/log/secrets';

const SECRET = 'f00dfeed0123456789abcdef0123456789abcdef';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('secret redaction by value', () => {
  beforeAll(() => registerSecret(SECRET));

  test('removes the secret and its base64 form from any text', () => {
    const basic = Buffer.from(SECRET).toString('base64');
    expect(redact(`x-api-key: ${SECRET}; Authorization: Basic ${basic}`)).toBe('x-api-key: [REDACTED]; Authorization: Basic [REDACTED]');
    expect(containsSecret(`..${SECRET}..`)).toBe(true);
    expect(containsSecret('nothing here')).toBe(false);
  });

  test('every log line leaves without the secret, whatever field carries it', async () => {
    const { stream, text } = capture();
    const logger = createLogger({ level: 'debug', stream });
    const axiosLikeError = { message: 'Request failed', config: { headers: { 'x-api-key': SECRET } } };
    logger.error(`request with key ${SECRET} failed`, { error: axiosLikeError, nested: { deeper: [SECRET] } });
    logger.debug('debug', { key: SECRET });
    await new Promise((resolve) => setImmediate(resolve));
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(text()).not.toContain(SECRET);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', message: 'request with key [REDACTED] failed', error: { config: { headers: { 'x-api-key': '[REDACTED]' } } } });
  });

  test('short values are not registered (they would redact ordinary words)', () => {
    registerSecret('abc');
    expect(redact('abc')).toBe('abc');
  });
});

test('redactorFor removes only the given values and their base64 forms', () => {
  const mine = 'a1b2c3d4e5f60718293a4b5c6d7e8f9099999999';
  const redactMine = redactorFor([mine, 'short']);
  expect(redactMine(`${mine} ${Buffer.from(mine).toString('base64')} ${SECRET} short`)).toBe(`[REDACTED] [REDACTED] ${SECRET} short`);
});
