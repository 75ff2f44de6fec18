import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from '../src/config/validate';
import { configSchema, deviceSchema } from '../src/config/schemas';
import { manifest } from '../src/manifest';
import pkg from '../package.json';
import { API_KEY } from './support/devices';

const root = path.resolve(__dirname, '..');
const seed = fs.readFileSync(path.join(__dirname, 'fixtures/jumpcloud-adr-kb.txt'), 'utf8').replace(/\s+/g, ' ');

describe('manifest.json', () => {
  test('identity matches package.json and points at real files', () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.name).toBe('JumpCloud');
    expect(manifest.category).toBe('Identity & Access');
    expect(manifest.entry).toBe(pkg.main);
    expect(manifest.hooks).toEqual(['validate', 'testConnection', 'collect']);
    expect(fs.readFileSync(path.join(root, manifest.icon), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    for (const file of Object.values(manifest.schemas)) expect(fs.existsSync(path.join(root, file))).toBe(true);
  });

  test('form fields are the article\'s, in its order, with the ADR labels', () => {
    expect(manifest.form.map((f) => f.label)).toEqual(['Device Name', 'CCE IP', 'Access ID / Username', 'Password / Secret Key', 'Configuration JSON']);
    for (const field of manifest.form) expect(seed).toContain(field.label.replace(' / ', ' / '));
  });

  test('every form field exists in the device schema and required flags agree', () => {
    const required = new Set((deviceSchema.required as string[]) ?? []);
    for (const field of manifest.form) {
      expect(Object.keys(deviceSchema.properties ?? {})).toContain(field.key);
      expect(field.required).toBe(required.has(field.key));
    }
  });

  test('the secret field is masked and its help carries the article\'s advice', () => {
    const secret = manifest.form.find((f) => f.key === 'secret_key');
    expect(secret).toMatchObject({ type: 'password', masked: true });
    expect(secret?.help).toMatch(/Profile > My API Key/);
    expect(secret?.help).toMatch(/tied to that admin account; regenerate it there if it has expired or was revoked/);
    const config = manifest.form.find((f) => f.key === 'config');
    expect(config?.help).toMatch(/Settings > Organization Profile/);
    expect(config?.help).toMatch(/unique Organization ID/);
  });

  test('the defaults validate, once the placeholder org id is replaced', () => {
    const form = Object.fromEntries(manifest.form.filter((f) => f.default !== undefined).map((f) => [f.key, f.default]));
    expect(form.config).toBe('{"org_id": "your_organization_id"}');
    expect(form.device_name).toBe('JumpCloud');
    const placeholder = validate({ ...form, cce_ip: '10.0.0.15', secret_key: API_KEY });
    expect(placeholder.errors.map((e) => e.field)).toEqual(['config.org_id']);
    const filled = validate({ ...form, cce_ip: '10.0.0.15', secret_key: API_KEY, config: (form.config as string).replace('your_organization_id', '5a2af2a82cf2b0010053ea41') });
    expect(filled.ok).toBe(true);
  });

  test('every config schema default validates', () => {
    for (const [key, property] of Object.entries(configSchema.properties ?? {})) {
      if (property.default === undefined || key === 'output') continue;
      const result = validate({ device_name: 'JumpCloud', cce_ip: '10.0.0.15', secret_key: API_KEY, config: { org_id: '5a2af2a82cf2b0010053ea41', [key]: property.default } });
      expect({ key, errors: result.errors }).toEqual({ key, errors: [] });
    }
  });

  test('prerequisites, network requirement, verification and notes come from the article', () => {
    expect(manifest.network[0]).toMatchObject({ protocol: 'HTTPS', port: 443 });
    expect(manifest.network[0].hosts).toEqual(expect.arrayContaining(['api.jumpcloud.com', 'api.eu.jumpcloud.com']));
    expect(manifest.verification).toMatch(/System Logs and Flows > Collection Status.*Connected\/Active/);
    expect(manifest.notes).toHaveLength(4);
    expect(seed).toContain('Each JumpCloud tenant has a unique Organization ID.');
  });
});
