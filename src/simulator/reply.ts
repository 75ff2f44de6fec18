/** A response decided but not yet written, so that a fault can still mangle it on the way out. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Events in the body of a successful /events page, for stats. */
  events?: number;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** The error shape of the Insights API: an object with a `message`. */
export function messageReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { message }, headers);
}
