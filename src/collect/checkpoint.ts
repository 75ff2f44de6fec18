import * as fs from 'node:fs';
import type { Cursor } from '../contract';
import { parseJsonText } from '../config/json-text';
import { validatorFor } from '../config/schemas';
import type { SinkPosition } from '../sinks/sink';
import { writeFileAtomic } from '../util/atomic-write';

export interface Checkpoint {
  format: 'adr-addon-jumpcloud/checkpoint';
  version: 1;
  org_id: string;
  services: string[];
  cursor: Cursor;
  sink: SinkPosition;
  newest_event_time?: string;
  updated_at: string;
}

export const CHECKPOINT_FORMAT = 'adr-addon-jumpcloud/checkpoint';

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const RECOVERY_HINT = 'Restore it from a backup, or move it aside to start again from "lookback" (events already collected may then be collected again)';

/**
 * Reads a checkpoint, or undefined when there is none yet. A damaged or foreign file is an error,
 * never a silent fresh start: starting over would duplicate or skip events.
 */
export function readCheckpoint(file: string, expected: { org_id: string }): Checkpoint | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(`Cannot read the checkpoint ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new CheckpointError(`The checkpoint ${file} is corrupt (${parsed.problem} at line ${parsed.line}, column ${parsed.column}). ${RECOVERY_HINT}.`);
  const validateCheckpoint = validatorFor('checkpoint');
  if (!validateCheckpoint(parsed.value)) {
    const first = validateCheckpoint.errors?.[0];
    throw new CheckpointError(`The file ${file} is not a JumpCloud add-on checkpoint (${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}). ${RECOVERY_HINT}.`);
  }
  const checkpoint = parsed.value as Checkpoint;
  if (checkpoint.org_id !== expected.org_id) {
    throw new CheckpointError(`The checkpoint ${file} belongs to organization ${checkpoint.org_id}, not to this device's ${expected.org_id}: use a separate state file per device. ${RECOVERY_HINT}.`);
  }
  return checkpoint;
}

/** Writes the checkpoint atomically: temp file, fsync, rename, fsync of the directory. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(checkpoint)}\n`);
}
