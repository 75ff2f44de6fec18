import type { JumpCloudEvent } from '../contract';
import { EventStore } from './store';

export interface SimulatorTenant {
  /** 24 lowercase hex, as JumpCloud org ids are. */
  org_id: string;
  api_key: string;
  /** A command runner's key authenticates but is refused (403), as the API refuses non-administrators. */
  role?: 'admin' | 'command_runner';
  /** OAuth service account credentials for the token endpoint. */
  client_id?: string;
  client_secret?: string;
  /** Any order; served sorted by timestamp (ms) then tiebreak. */
  events?: JumpCloudEvent[];
  /** Default 90; older events are never served. */
  retention_days?: number;
}

const DAY_MS = 86_400_000;

export interface Tenant {
  config: SimulatorTenant;
  store: EventStore;
  retention_ms: number;
}

/** The tenants of one simulator, looked up by each credential they can present. */
export class TenantRegistry {
  private byOrgId = new Map<string, Tenant>();
  private byApiKey = new Map<string, Tenant>();
  private byClient = new Map<string, Tenant>();

  add(config: SimulatorTenant): void {
    if (!/^[0-9a-f]{24}$/.test(config.org_id)) throw new Error(`simulator: org_id must be 24 lowercase hex, got "${config.org_id}"`);
    if (this.byOrgId.has(config.org_id)) throw new Error(`simulator: tenant ${config.org_id} already exists`);
    // Messages name the org, never the credential: they end up in test logs.
    if (!config.api_key) throw new Error(`simulator: tenant ${config.org_id} needs an api_key`);
    if (this.byApiKey.has(config.api_key)) throw new Error(`simulator: tenant ${config.org_id} reuses another tenant's api_key`);
    if ((config.client_id === undefined) !== (config.client_secret === undefined)) {
      throw new Error(`simulator: tenant ${config.org_id} needs both client_id and client_secret, or neither`);
    }
    if (config.client_id !== undefined && this.byClient.has(config.client_id)) {
      throw new Error(`simulator: tenant ${config.org_id} reuses another tenant's client_id`);
    }
    const retention_days = config.retention_days ?? 90;
    if (!(retention_days > 0)) throw new Error(`simulator: tenant ${config.org_id} needs retention_days > 0`);
    const tenant: Tenant = { config, store: new EventStore(), retention_ms: retention_days * DAY_MS };
    if (config.events) tenant.store.add(config.events);
    this.byOrgId.set(config.org_id, tenant);
    this.byApiKey.set(config.api_key, tenant);
    if (config.client_id !== undefined) this.byClient.set(config.client_id, tenant);
  }

  byOrg(org_id: string): Tenant | undefined {
    return this.byOrgId.get(org_id);
  }

  byKey(api_key: string): Tenant | undefined {
    return this.byApiKey.get(api_key);
  }

  byClientId(client_id: string): Tenant | undefined {
    return this.byClient.get(client_id);
  }
}
