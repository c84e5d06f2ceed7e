// Typed errors of the SLA engine. The later HTTP layer maps SlaConfigError to a 400/422 with
// every issue listed (problem+json); the others are programming errors of the caller.
import type { z } from 'zod';

export type SlaIssue = { path: string; message: string };

export class SlaConfigError extends Error {
  constructor(readonly what: string, readonly issues: SlaIssue[]) {
    super(`${what} ist ungültig: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'SlaConfigError';
  }
}

/** A duration or period that cannot be counted (zero, negative, not finite). */
export class SlaDurationError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'SlaDurationError';
  }
}

/** An event log that cannot describe a case (no 'received', events before it). */
export class SlaEventLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlaEventLogError';
  }
}

/** Parses with a schema; throws SlaConfigError listing every issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new SlaConfigError(what, r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}
