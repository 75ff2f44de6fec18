import { createHash } from 'node:crypto';
import type { JumpCloudEvent } from '../contract';
import { parseRfc3339Ms } from './time';

/** An event as the simulator keeps it: its sort keys and its JSON, serialized once when added. */
export interface StoredEvent {
  /** Epoch ms of `timestamp`, truncated: the first element of X-Search_after. */
  ts: number;
  /** Tiebreak among equal ms: the event id, or a synthetic key for id-less (LDAP) events. Never put in the event. */
  tb: string;
  json: string;
  event: JumpCloudEvent;
}

/** The order the API serves in (ASC): by millisecond, then by tiebreak. */
function compareStored(a: StoredEvent, b: StoredEvent): number {
  return a.ts - b.ts || (a.tb < b.tb ? -1 : a.tb > b.tb ? 1 : 0);
}

/** Sorted arrays to select from: one over everything, one per service. */
export interface StoreView {
  all: readonly StoredEvent[];
  service(name: string): readonly StoredEvent[];
}

/**
 * One tenant's events. Appends are cheap and may come in any order; the arrays are sorted lazily, once, before
 * the next query, because benchmarks add a million events in many batches and sorting per batch would dominate.
 */
export class EventStore {
  private visible: StoredEvent[] = [];
  private byService = new Map<string, StoredEvent[]>();
  private sorted = true;
  /** Late-indexed events: they exist but queries do not see them until their time. */
  private late: Array<{ visible_at_ms: number; record: StoredEvent }> = [];
  private added = 0;

  add(events: readonly JumpCloudEvent[], visible_at_ms?: number): void {
    // Serialize all first, so that one bad event rejects the whole batch rather than half of it.
    const records = events.map((event) => this.toRecord(event));
    if (visible_at_ms !== undefined && visible_at_ms > Date.now()) {
      for (const record of records) this.late.push({ visible_at_ms, record });
      return;
    }
    for (const record of records) this.append(record);
  }

  view(now_ms: number): StoreView {
    if (this.late.length > 0) this.promoteLate(now_ms);
    if (!this.sorted) this.sort();
    return { all: this.visible, service: (name) => this.byService.get(name) ?? [] };
  }

  /** Everything added, late events included, in served order. */
  snapshot(): JumpCloudEvent[] {
    const records = [...this.view(Date.now()).all];
    if (this.late.length > 0) {
      records.push(...this.late.map((l) => l.record));
      records.sort(compareStored);
    }
    return records.map((r) => r.event);
  }

  private toRecord(event: JumpCloudEvent): StoredEvent {
    const ts = typeof event.timestamp === 'string' ? parseRfc3339Ms(event.timestamp) : undefined;
    if (ts === undefined) throw new Error(`simulator: event without an RFC 3339 timestamp: ${JSON.stringify(event).slice(0, 200)}`);
    const json = JSON.stringify(event);
    const index = this.added++;
    const tb =
      typeof event.id === 'string' && event.id.length > 0
        ? event.id
        : createHash('sha1').update(`${json}\n${index}`).digest('hex');
    return { ts, tb, json, event };
  }

  private append(record: StoredEvent): void {
    const last = this.visible[this.visible.length - 1];
    if (this.sorted && last !== undefined && compareStored(last, record) > 0) this.sorted = false;
    this.visible.push(record);
    // While unsorted, the per-service arrays are rebuilt by sort(); keeping them up to date would be wasted work.
    if (this.sorted) this.serviceArray(record).push(record);
  }

  private promoteLate(now_ms: number): void {
    const due = this.late.filter((l) => l.visible_at_ms <= now_ms);
    if (due.length === 0) return;
    this.late = this.late.filter((l) => l.visible_at_ms > now_ms);
    for (const { record } of due) this.append(record);
  }

  private sort(): void {
    this.visible.sort(compareStored);
    this.byService.clear();
    for (const record of this.visible) this.serviceArray(record).push(record);
    this.sorted = true;
  }

  private serviceArray(record: StoredEvent): StoredEvent[] {
    const name = typeof record.event.service === 'string' ? record.event.service : '';
    let array = this.byService.get(name);
    if (!array) this.byService.set(name, (array = []));
    return array;
  }
}
