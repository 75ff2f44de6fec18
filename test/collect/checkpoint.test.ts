import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKPOINT_FORMAT, CheckpointError, readCheckpoint, writeCheckpoint, type Checkpoint } from '../../src/collect/checkpoint';
import { ORG_ID, OTHER_ORG_ID } from '../support/devices';
import { tempDir } from '../support/tmp';

const checkpoint: Checkpoint = {
  format: CHECKPOINT_FORMAT,
  version: 1,
  org_id: ORG_ID,
  services: ['all'],
  cursor: { since: '2026-12-04T10:00:00.123Z', seen_ids: ['5e95d60b05e8907888c4e009'] },
  sink: { type: 'file', path: '/var/lib/adr/acme.ndjson', offset: 1234 },
  updated_at: '2026-12-04T10:00:05.000Z',
};

describe('checkpoint file', () => {
  test('round-trips, written with mode 0600 and no temp file left behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'acme.checkpoint.json');
    await writeCheckpoint(file, checkpoint);
    expect(readCheckpoint(file, { org_id: ORG_ID })).toEqual(checkpoint);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['acme.checkpoint.json']);
  });

  test('no file yet means a first run', () => {
    expect(readCheckpoint(path.join(tempDir(), 'none.json'), { org_id: ORG_ID })).toBeUndefined();
  });

  test.each([
    ['corrupt JSON', '{"format": ', /is corrupt \(expected a value but found end of text at line 1, column 12\)/],
    ['a foreign file', JSON.stringify({ lastRecordTimestamp: '2026-01-01' }), /is not a JumpCloud add-on checkpoint/],
    ['a future format version', JSON.stringify({ ...checkpoint, version: 2 }), /is not a JumpCloud add-on checkpoint \(\/version must be equal to constant\)/],
    ['an inverted cursor date', JSON.stringify({ ...checkpoint, cursor: { since: 'yesterday', seen_ids: [] } }), /\/cursor\/since must match format "date-time"/],
  ])('%s is refused with a way out, never silently restarted', (_name, text, message) => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, text);
    expect(() => readCheckpoint(file, { org_id: ORG_ID })).toThrow(CheckpointError);
    expect(() => readCheckpoint(file, { org_id: ORG_ID })).toThrow(message);
    expect(() => readCheckpoint(file, { org_id: ORG_ID })).toThrow(/Restore it from a backup, or move it aside/);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('a checkpoint of another organization is refused', async () => {
    const file = path.join(tempDir(), 'state.json');
    await writeCheckpoint(file, checkpoint);
    expect(() => readCheckpoint(file, { org_id: OTHER_ORG_ID })).toThrow(/belongs to organization 5a2af2a82cf2b0010053ea41, not to this device's 6ce434e87128303e528e747b/);
  });
});
