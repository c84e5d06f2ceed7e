// CKAN's push actions, served at /api/3/action/<name> with the catalogue's envelope and errors.
import { registerCkanAction } from '../../catalog/index.ts';
import { datastoreCreate, datastoreDelete, datastoreUpsert } from './service.ts';

let registered = false;

export function registerPushActions(): void {
  if (registered) return;
  registered = true;
  registerCkanAction('datastore_create', {
    help: 'Create a datastore table for a resource, or add fields, data dictionary entries and records to it. :param resource_id: or :param resource: a resource dict (with package_id) to create first :param fields: [{"id", "type" (text, int, numeric, date, timestamp, bool, json; int4, float8, varchar … are mapped), "info": {"label", "notes", "unit"}}] :param primary_key: field name(s) :param indexes: field name(s) :param records: list of objects (inserted) :param force: write to a resource whose url_type is not "datastore"',
    run: datastoreCreate,
  });
  registerCkanAction('datastore_upsert', {
    help: 'Write records to a datastore table. :param resource_id: :param records: list of objects :param method: "upsert" (default; insert or update by primary key), "insert" or "update" (every key must exist) :param dry_run: check and roll back :param force:',
    run: datastoreUpsert,
  });
  registerCkanAction('datastore_delete', {
    help: 'Delete rows of a datastore table, or the whole table. :param resource_id: :param filters: {"field": value or [values]}: delete the matching rows; without filters the table itself is removed :param force:',
    run: datastoreDelete,
  });
}
