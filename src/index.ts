/**
 * The ADR Add-On Store plugin: what the ADR runtime loads from "main". The hooks are stateless:
 * the runtime passes the saved device (and, for collect, the last cursor) on every call.
 */
import { collect as collectEvents } from './collect/collector';
import { validate } from './config/validate';
import type { CollectContext, CollectResult } from './contract';
import { testConnection } from './jumpcloud/test-connection';
import { manifest } from './manifest';

export * from './contract';
export { manifest, validate, testConnection };

/** collect(device, ctx): validates the saved form, then collects from ctx.cursor. */
export async function collect(input: unknown, ctx: CollectContext): Promise<CollectResult> {
  const checked = validate(input);
  if (!checked.ok || !checked.device) throw new Error(checked.errors.map((e) => e.message).join('; '));
  return collectEvents(checked.device, ctx);
}

const plugin = { manifest, validate, testConnection, collect };
export default plugin;
