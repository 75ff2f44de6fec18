import type { OutputRecord } from '../../src/contract';
import { compileMapping } from '../../src/normalize/compile';
import { GENERIC_MAPPING, SERVICE_MAPPINGS } from '../../src/normalize/mappings';
import type { ServiceMapping } from '../../src/normalize/mappings/types';
import { normalize } from '../../src/normalize/normalize';
import { CONTEXT, EVENT_SCHEMA, fixtureEvent, type JsonSchema, validateRecord } from './helpers';

const TABLES: [string, ServiceMapping][] = [...Object.entries(SERVICE_MAPPINGS), ['generic', GENERIC_MAPPING]];

/** Every schema node with its dotted path. */
function schemaNodes(schema: JsonSchema, path = ''): [string, JsonSchema][] {
  const children = Object.entries(schema.properties ?? {}).flatMap(([key, child]) =>
    schemaNodes(child, path === '' ? key : `${path}.${key}`),
  );
  return [[path, schema], ...children];
}

function schemaNode(path: string): JsonSchema | undefined {
  return path.split('.').reduce<JsonSchema | undefined>((node, key) => node?.properties?.[key], EVENT_SCHEMA);
}

function validRecord(): OutputRecord {
  return normalize(fixtureEvent('directory', 'user_login_attempt'), CONTEXT);
}

describe('schema/event.schema.json', () => {
  it('describes every field', () => {
    const undescribed = schemaNodes(EVENT_SCHEMA).filter(([, node]) => !node.description).map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it('closes every object except raw, so that an undocumented field fails', () => {
    const open = schemaNodes(EVENT_SCHEMA)
      .filter(([path, node]) => node.type === 'object' && path !== 'raw' && node.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
  });

  it('requires the identifying fields', () => {
    expect(EVENT_SCHEMA.required).toEqual(expect.arrayContaining(['@timestamp', 'event', 'raw']));
    expect(schemaNode('event')?.required).toEqual(expect.arrayContaining(['id', 'action']));
  });

  it.each([
    ['an undocumented top-level field', (record: OutputRecord) => ({ ...record, extra: 1 })],
    ['an undocumented nested field', (record: OutputRecord) => ({ ...record, source: { ip: '198.51.100.77', port: 443 } })],
    ['an invalid source.ip', (record: OutputRecord) => ({ ...record, source: { ip: '198.51.100.300' } })],
    ['a @timestamp that is not RFC 3339', (record: OutputRecord) => ({ ...record, '@timestamp': '14/11/2026 10:00' })],
    ['a category ECS does not define', (record: OutputRecord) => ({ ...record, event: { ...record.event, category: ['login'] } })],
    ['an empty value', (record: OutputRecord) => ({ ...record, user: { name: '' } })],
    ['no event.id', (record: OutputRecord) => ({ ...record, event: { ...record.event, id: undefined } })],
    ['no raw', ({ raw: _raw, ...record }: OutputRecord) => record],
  ])('rejects %s', (_, spoil) => {
    expect(validateRecord(validRecord())).toBe(true);
    expect(validateRecord(JSON.parse(JSON.stringify(spoil(validRecord()))))).toBe(false);
  });

  it('accepts anything inside raw', () => {
    expect(validateRecord({ ...validRecord(), raw: { anything: { goes: [1, null, 'x'] } } })).toBe(true);
  });
});

describe('mapping tables', () => {
  const categories = schemaNode('event.category')?.items?.enum ?? [];
  const types = schemaNode('event.type')?.items?.enum ?? [];

  it.each(TABLES)('%s: categorizes only with ECS values the schema allows', (_, table) => {
    for (const [eventType, categorization] of Object.entries(table.categories)) {
      expect([eventType, categorization.category.filter((value) => !categories.includes(value))]).toEqual([eventType, []]);
      expect([eventType, categorization.type.filter((value) => !types.includes(value))]).toEqual([eventType, []]);
      expect(categorization.category.length * categorization.type.length).toBeGreaterThan(0);
    }
  });

  it.each(TABLES)('%s: writes only fields the schema documents', (_, table) => {
    const undocumented = table.fields.map((rule) => rule.to).filter((to) => schemaNode(to) === undefined);
    expect(undocumented).toEqual([]);
  });

  it('has a table for every service JumpCloud documents, and workflows', () => {
    const services = ['alerts', 'directory', 'ldap', 'mdm', 'notifications', 'object_storage', 'password_manager', 'radius',
      'reports', 'saas_app_management', 'software', 'sso', 'systems', 'access_management', 'asset_management', 'workflows'];
    expect(services.filter((service) => SERVICE_MAPPINGS[service] === undefined)).toEqual([]);
  });

  it('refuses a table that would overwrite what normalize() sets itself', () => {
    expect(() => compileMapping({ categories: {}, fields: [{ from: 'id', to: 'event.id' }] })).toThrow('event.id');
    expect(() => compileMapping({ categories: {}, fields: [{ from: 'x', to: 'raw.x' }] })).toThrow('raw.x');
  });

  it('refuses a table that writes a field and a field inside it', () => {
    const fields = [{ from: 'a', to: 'user.target' }, { from: 'b', to: 'user.target.name' }];
    expect(() => compileMapping({ categories: {}, fields })).toThrow('user.target');
  });
});
