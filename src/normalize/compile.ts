import { CONVERTERS, type Converter } from './convert';
import type { Categorization, ServiceMapping } from './mappings/types';

/** One way to fill an output field: read `path` from the event, convert it. */
interface Source {
  path: readonly string[];
  convert: Converter;
}

/** One output field and its sources in order of preference. */
interface Target {
  path: readonly string[];
  sources: readonly Source[];
}

/** A mapping table prepared for the hot path: split paths, resolved converters, a Map for lookups. */
export interface CompiledMapping {
  categories: ReadonlyMap<string, Categorization>;
  fallback: Categorization | undefined;
  targets: readonly Target[];
}

/** Output fields that normalize() itself sets; a table that targets them is a programming error. */
const RESERVED_TARGETS = ['@timestamp', 'raw', 'observer', 'ecs', 'event.id', 'event.action', 'event.kind',
  'event.category', 'event.type', 'event.provider', 'event.dataset', 'event.module', 'event.ingested',
  'jumpcloud.service', 'jumpcloud.event_type'];

function isSameOrNested(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** Throws at module load, not per event, when a table could produce a malformed record. */
function checkTargets(targets: readonly string[]): void {
  for (const target of targets) {
    const reserved = RESERVED_TARGETS.find((name) => isSameOrNested(target, name));
    if (reserved !== undefined) throw new Error(`mapping targets ${target}, which normalize() sets itself`);
    const parent = targets.find((other) => other !== target && isSameOrNested(target, other));
    if (parent !== undefined) throw new Error(`mapping targets both ${parent} and ${target} inside it`);
  }
}

export function compileMapping(mapping: ServiceMapping): CompiledMapping {
  const sourcesByTarget = new Map<string, Source[]>();
  for (const rule of mapping.fields) {
    const source = { path: rule.from.split('.'), convert: CONVERTERS[rule.as ?? 'keyword'] };
    const sources = sourcesByTarget.get(rule.to);
    if (sources === undefined) sourcesByTarget.set(rule.to, [source]);
    else sources.push(source);
  }
  checkTargets([...sourcesByTarget.keys()]);

  const { '*': fallback, ...categories } = mapping.categories;
  return {
    categories: new Map(Object.entries(categories)),
    fallback,
    targets: [...sourcesByTarget].map(([to, sources]) => ({ path: to.split('.'), sources })),
  };
}
