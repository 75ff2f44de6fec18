/** The outcome of validating client input: a value, or the message a 400 response carries. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
