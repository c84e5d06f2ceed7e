// What push publishing takes from the configuration. CKAN actions are registered once per process
// but an app (and its Db) may be built several times (tests), so settings are kept per Db.
import type { Config } from '../../../server/config.ts';

export type PushSettings = { maxRecords: number; publicUrl: string };

const DEFAULTS: PushSettings = { maxRecords: 50_000, publicUrl: 'http://localhost:3000' };
const BY_DB = new WeakMap<object, PushSettings>();

export function configurePush(db: object, config: Pick<Config, 'publicUrl' | 'datastorePushMaxRecords'>): void {
  BY_DB.set(db, { maxRecords: config.datastorePushMaxRecords, publicUrl: config.publicUrl });
}

export const pushSettings = (db: object): PushSettings => BY_DB.get(db) ?? DEFAULTS;
