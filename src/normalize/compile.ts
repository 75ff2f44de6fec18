import { CONVERTERS, type Converter } from './convert';
import type { Categorization, ServiceMapping } from './mappings/types';

/** One way to fill an output field: read a path from the event, convert it. */
interface Source {
  /** Index of the path's first key in CompiledMapping.roots. */
  root: number;
  /** The rest of the path, below the root. */
  below: readonly string[];
  convert: Converter;
}

/** An object of the output record that holds fields ("source", "source.geo", ...). */
interface Container {
  /** Index of the enclosing container in CompiledMapping.containers; -1 for the record itself. */
  parent: number;
  key: string;
}

/** One output field and its sources in order of preference. */
interface Target {
  /** Index in CompiledMapping.containers of the object the field goes in; -1 for the record. */
  container: number;
  key: string;
  sources: readonly Source[];
}

/** A mapping table prepared for the hot path: split paths, resolved converters, a Map for lookups. */
export interface CompiledMapping {
  categories: ReadonlyMap<string, Categorization>;
  /**
   * The distinct top-level event fields the rules read. normalize() reads each once per event, and
   * skips every rule below a root the event lacks (most of them: an event carries one user agent
   * spelling, a few of the services' fields).
   */
  roots: readonly string[];
  fallback: Categorization | undefined;
  /**
   * Every object the targets write into, enclosing ones first. normalize() creates each at most once
   * per record and finds it by index, instead of walking the path for every field.
   */
  containers: readonly Container[];
  targets: readonly Target[];
}

/** Output fields that normalize() itself sets; a table that targets them is a programming error. */
const RESERVED_TARGETS = [
  '@timestamp',
  'raw',
  'observer',
  'ecs',
  'event.id',
  'event.action',
  'event.kind',
  'event.category',
  'event.type',
  'event.provider',
  'event.dataset',
  'event.module',
  'event.ingested',
  'jumpcloud.service',
  'jumpcloud.event_type',
];

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
  const roots: string[] = [];
  const sourcesByTarget = new Map<string, Source[]>();
  for (const rule of mapping.fields) {
    const [root, ...below] = rule.from.split('.');
    if (!roots.includes(root)) roots.push(root);
    const source = { root: roots.indexOf(root), below, convert: CONVERTERS[rule.as ?? 'keyword'] };
    const sources = sourcesByTarget.get(rule.to);
    if (sources === undefined) sourcesByTarget.set(rule.to, [source]);
    else sources.push(source);
  }
  checkTargets([...sourcesByTarget.keys()]);

  const containers: Container[] = [];
  const containerIndex = new Map<string, number>();
  /** Index of the container at `path` (created, with its enclosing ones, on first use). */
  function containerAt(path: readonly string[]): number {
    if (path.length === 0) return -1;
    const name = path.join('.');
    let index = containerIndex.get(name);
    if (index === undefined) {
      const parent = containerAt(path.slice(0, -1));
      index = containers.push({ parent, key: path[path.length - 1] }) - 1;
      containerIndex.set(name, index);
    }
    return index;
  }
  const targets = [...sourcesByTarget].map(([to, sources]) => {
    const path = to.split('.');
    return { container: containerAt(path.slice(0, -1)), key: path[path.length - 1], sources };
  });

  const { '*': fallback, ...categories } = mapping.categories;
  return { categories: new Map(Object.entries(categories)), fallback, roots, containers, targets };
}
