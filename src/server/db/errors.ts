// Recognises PostgreSQL errors that are the caller's fault, so services can answer 409/422.
export function violatedConstraint(err: unknown, code = '23505'): string | undefined {
  const e = err as { code?: string; constraint?: string };
  return e && e.code === code ? (e.constraint ?? '') : undefined;
}
