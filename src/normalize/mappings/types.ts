/**
 * The shape of a mapping table: plain data that normalize() interprets. One table per JumpCloud
 * service (see index.ts), so that adding an event type or a field is a one-line data change.
 */

/** ECS event.category values (https://www.elastic.co/guide/en/ecs/current/ecs-allowed-values-event-category.html). */
export type EcsCategory =
  | 'api'
  | 'authentication'
  | 'configuration'
  | 'database'
  | 'driver'
  | 'email'
  | 'file'
  | 'host'
  | 'iam'
  | 'intrusion_detection'
  | 'library'
  | 'malware'
  | 'network'
  | 'package'
  | 'process'
  | 'registry'
  | 'session'
  | 'threat'
  | 'vulnerability'
  | 'web';

/** ECS event.type values (https://www.elastic.co/guide/en/ecs/current/ecs-allowed-values-event-type.html). */
export type EcsType =
  | 'access'
  | 'admin'
  | 'allowed'
  | 'change'
  | 'connection'
  | 'creation'
  | 'deletion'
  | 'denied'
  | 'device'
  | 'end'
  | 'error'
  | 'group'
  | 'indicator'
  | 'info'
  | 'installation'
  | 'protocol'
  | 'start'
  | 'user';

/** How one event type is categorized. */
export interface Categorization {
  category: readonly EcsCategory[];
  type: readonly EcsType[];
  /** ECS event.kind when it is not "event" (alerts raised by JumpCloud are "alert"). */
  kind?: 'alert';
}

/**
 * How a raw value becomes an output value. Every conversion returns undefined for a value it cannot
 * use, so that a malformed field is left out of the record (it stays in raw) instead of breaking the
 * schema. Names are listed in convert.ts.
 */
export type Conversion =
  /** Non-empty string, or a number/boolean as text (the default). */
  | 'keyword'
  /** Safe integer, also from a numeric string. */
  | 'integer'
  /** Non-negative integer (sizes, counters), also from a numeric string. */
  | 'count'
  /** true/false, also from "true"/"false" in any case. */
  | 'boolean'
  /** A syntactically valid IPv4 or IPv6 address. */
  | 'ip'
  /** success flag → "success" | "failure". */
  | 'outcome'
  /** The part after "@" of an e-mail address. */
  | 'email_domain'
  /** The whole geoip object → {lat, lon} when both are valid coordinates (also from numeric strings). */
  | 'geo_point'
  /** The whole geoip object → ISO 3166-2 "US-CO" from country_code(2) and region_code. */
  | 'region_iso_code'
  /** The whole user agent object → its version, or major.minor.patch. */
  | 'user_agent_version'
  /** Alert severity ("Low", "Medium", ...) → ECS numeric event.severity. */
  | 'severity';

/**
 * Copies one JumpCloud field to one output field. Paths are dot-separated. When several rules target
 * the same output field, the first rule that yields a value wins: list the preferred source first.
 */
export interface FieldRule {
  from: string;
  to: string;
  as?: Conversion;
}

export interface ServiceMapping {
  /** Keyed by event_type; "*" is the service's fallback for event types not listed. */
  categories: Readonly<Record<string, Categorization>>;
  fields: readonly FieldRule[];
}
