import { isIP } from 'node:net';
import type { Conversion } from './mappings/types';

/** Turns a raw JumpCloud value into an output value, or undefined when the value is unusable. */
export type Converter = (value: unknown) => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function keyword(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return undefined;
}

function number(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim().length > 0) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

function integer(value: unknown): number | undefined {
  const parsed = number(value);
  return parsed !== undefined && Number.isSafeInteger(parsed) ? parsed : undefined;
}

function count(value: unknown): number | undefined {
  const parsed = integer(value);
  return parsed !== undefined && parsed >= 0 ? parsed : undefined;
}

function boolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

/** IPv6 zone ids ("fe80::1%eth0") are refused: they mean nothing outside the host that logged them. */
function ip(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 && !value.includes('%') ? value : undefined;
}

function outcome(value: unknown): 'success' | 'failure' | undefined {
  const flag = boolean(value);
  if (flag === undefined) return undefined;
  return flag ? 'success' : 'failure';
}

function emailDomain(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const at = value.lastIndexOf('@');
  return at > 0 && at < value.length - 1 ? value.slice(at + 1) : undefined;
}

function geoPoint(geoip: unknown): { lat: number; lon: number } | undefined {
  if (!isRecord(geoip)) return undefined;
  const lat = number(geoip.latitude);
  const lon = number(geoip.longitude);
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon };
}

/** ECS wants ISO 3166-2 ("US-CO"); JumpCloud sends the subdivision part alone ("CO"). */
function regionIsoCode(geoip: unknown): string | undefined {
  if (!isRecord(geoip)) return undefined;
  const region = keyword(geoip.region_code);
  if (region === undefined) return undefined;
  if (region.includes('-')) return region;
  const country = keyword(geoip.country_code) ?? keyword(geoip.country_code2);
  return country === undefined ? undefined : `${country}-${region}`;
}

function userAgentVersion(userAgent: unknown): string | undefined {
  if (!isRecord(userAgent)) return undefined;
  const version = keyword(userAgent.version);
  if (version !== undefined) return version;
  const major = keyword(userAgent.major);
  if (major === undefined) return undefined;
  const minor = keyword(userAgent.minor);
  const patch = keyword(userAgent.patch);
  if (minor === undefined) return major;
  return patch === undefined ? `${major}.${minor}` : `${major}.${minor}.${patch}`;
}

/**
 * ECS event.severity is numeric; these are the values Elastic's detection rules use for the four
 * named levels, so that JumpCloud alerts sort with other sources.
 */
const SEVERITY_SCORES: ReadonlyMap<string, number> = new Map([
  ['low', 21],
  ['medium', 47],
  ['high', 73],
  ['critical', 99],
]);

function severity(value: unknown): number | undefined {
  if (typeof value === 'string') return SEVERITY_SCORES.get(value.toLowerCase());
  return count(value);
}

export const CONVERTERS: Readonly<Record<Conversion, Converter>> = {
  keyword,
  integer,
  count,
  boolean,
  ip,
  outcome,
  email_domain: emailDomain,
  geo_point: geoPoint,
  region_iso_code: regionIsoCode,
  user_agent_version: userAgentVersion,
  severity,
};
