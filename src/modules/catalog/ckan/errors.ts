// CKAN's error types. The action route turns these (and core's AppErrors) into CKAN's envelope.
export class CkanValidation extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super('Validation Error');
  }
}
export const missing = (...names: string[]) => new CkanValidation(Object.fromEntries(names.map((n) => [n, ['Missing value']])));
