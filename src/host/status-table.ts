import type { DeviceStatus } from './status';

const COLUMNS: Array<{ title: string; value(s: DeviceStatus): string }> = [
  { title: 'Device', value: (s) => s.device_name },
  { title: 'Status', value: (s) => (s.category ? `${s.status} (${s.category})` : s.status) },
  { title: 'Events', value: (s) => String(s.events_total) },
  { title: 'Per min', value: (s) => String(s.events_per_minute) },
  { title: 'Lag', value: (s) => (s.lag_seconds === undefined ? '-' : `${s.lag_seconds}s`) },
  { title: 'Last success', value: (s) => s.last_success ?? '-' },
  { title: 'Next poll', value: (s) => s.next_poll ?? '-' },
  { title: 'Message', value: (s) => [s.message, ...s.warnings].filter(Boolean).join(' | ') },
];

/** Collection Status as a plain-text table, like ADR's System Logs and Flows > Collection Status. */
export function renderStatusTable(rows: DeviceStatus[]): string {
  const cells = rows.map((row) => COLUMNS.map((column) => column.value(row)));
  const widths = COLUMNS.map((column, i) => Math.max(column.title.length, ...cells.map((r) => (i === COLUMNS.length - 1 ? 0 : r[i].length))));
  const line = (values: string[]): string => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('  ');
  return [line(COLUMNS.map((c) => c.title)), ...cells.map(line)].join('\n');
}
