import type { FieldMessage } from '../../contract';
import type { CollectionState, DeviceStatus } from '../status';
import { manifest } from '../../manifest';
import { escapeHtml, page } from './layout';

export type Tone = 'ok' | 'failed' | 'idle' | 'disabled';

/** A row as /api/status serves it: the status facts (no secret), plus the cells as shown. */
export interface StatusRow extends Omit<DeviceStatus, 'updated_at'> {
  updated_at?: string;
  key: string;
  tone: Tone;
  cells: string[];
}

export interface DeviceFacts {
  key: string;
  device_name?: string;
  org_id?: string;
  cce_ip?: string;
  enabled: boolean;
  /** Why the device file is not a valid device. */
  errors: FieldMessage[];
}

export const STATUS_COLUMNS = ['Device', 'Status', 'Last successful poll', 'Last error', 'Events', 'Per minute', 'Lag', 'Next poll'];

export function duration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** "2024-05-01 12:00:03 UTC (5s ago)" or "(in 55s)". */
export function when(iso: string | undefined, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  const relative = Math.abs(seconds) < 1 ? 'now' : seconds < 0 ? `${duration(seconds)} ago` : `in ${duration(seconds)}`;
  return `${new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} (${relative})`;
}

function toneOf(status: CollectionState): Tone {
  if (status === 'Connected/Active') return 'ok';
  if (status === 'Failed') return 'failed';
  if (status === 'Disabled') return 'disabled';
  return 'idle';
}

/**
 * The row of one device: its status file when the runtime has written one (Idle until then), Disabled
 * when the device is switched off, Failed (config) when its file does not validate.
 */
export function statusRow(device: DeviceFacts, status: DeviceStatus | undefined, now: number): StatusRow {
  const base = {
    key: device.key,
    device_name: device.device_name ?? status?.device_name ?? device.key,
    org_id: device.org_id ?? status?.org_id,
    cce_ip: device.cce_ip ?? status?.cce_ip,
    events_total: status?.events_total ?? 0,
    events_per_minute: status?.events_per_minute ?? 0,
    lag_seconds: status?.lag_seconds,
    last_success: status?.last_success,
    last_error: status?.last_error,
    last_error_at: status?.last_error_at,
    next_poll: status?.next_poll,
    warnings: status?.warnings ?? [],
    updated_at: status?.updated_at,
  };
  let row: Omit<StatusRow, 'tone' | 'cells'>;
  if (device.errors.length > 0) {
    const message = device.errors.map((e) => e.message).join('; ');
    row = { ...base, status: 'Failed', category: 'config', message, last_error: message, next_poll: undefined };
  } else if (!device.enabled) {
    row = { ...base, status: 'Disabled', message: 'Collection is paused (enabled: false)', next_poll: undefined };
  } else if (!status) {
    row = { ...base, status: 'Idle', message: 'Not polled yet' };
  } else {
    row = { ...base, status: status.status, category: status.category, message: status.message };
  }
  const lastError = row.last_error ? (row.last_error_at ? `${row.last_error} (${when(row.last_error_at, now)})` : row.last_error) : '—';
  const cells = [
    row.device_name,
    row.category ? `${row.status} (${row.category})` : row.status,
    when(row.last_success, now),
    lastError,
    String(row.events_total),
    String(row.events_per_minute),
    row.lag_seconds === undefined ? '—' : duration(row.lag_seconds),
    row.next_poll ? when(row.next_poll, now) : '—',
  ];
  return { ...row, tone: toneOf(row.status), cells };
}

function renderRow(row: StatusRow): string {
  const cells = row.cells.map((text, i) => {
    if (i === 0) return `<td><a href="/devices/${encodeURIComponent(row.key)}/edit">${escapeHtml(text)}</a></td>`;
    return `<td${i === 1 ? ' class="state"' : ''}>${escapeHtml(text)}</td>`;
  });
  return `<tr class="tone-${row.tone}" data-key="${escapeHtml(row.key)}">${cells.join('')}</tr>`;
}

/** System Logs and Flows > Collection Status, refreshed in place from /api/status every refreshMs. */
export function renderStatusPage(rows: StatusRow[], now: number, refreshMs: number): string {
  const body =
    rows.length > 0
      ? rows.map(renderRow).join('\n')
      : `<tr><td colspan="${STATUS_COLUMNS.length}">No devices yet. <a href="/devices/new">Add a ${escapeHtml(manifest.name)} device</a>.</td></tr>`;
  const content = `<h1>Collection Status</h1>
<p class="lede">${escapeHtml(manifest.verification)}</p>
<div class="toolbar"><span class="muted">${rows.length} device${rows.length === 1 ? '' : 's'} configured</span>
<span class="muted" id="updated" aria-live="polite">Updated ${escapeHtml(new Date(now).toISOString().slice(11, 19))} UTC</span></div>
<table id="status-table" data-refresh-ms="${refreshMs}">
<thead><tr>${STATUS_COLUMNS.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
  return page('Collection Status', 'status', content);
}
