// Writing one harvested dataset: create, update or mark deleted, each in its own short
// transaction with the dataset's history and its harvest record, so one bad dataset never
// takes others with it and other writers never wait long for the catalogue.
import type { Db } from '../../../server/db/connect.ts';
import { violatedConstraint } from '../../../server/db/errors.ts';
import * as repo from '../repo.ts';
import { presentPackage } from '../ckan/package-dict.ts';
import type { DatasetInput, ResourceInput } from '../ckan/package-input.ts';
import * as hrepo from './repo.ts';

export type Target = { sourceId: string; tenantId: string; actor: string; guid: string; origin: string; hash: string };

/** Remote resources keep the ids of our resources with the same address, so links stay. */
function keepResourceIds(list: ResourceInput[], current: repo.ResourceRow[]): ResourceInput[] {
  const free = [...current];
  return list.map((r) => {
    const i = free.findIndex((c) => c.url === r.url);
    const match = i >= 0 ? free.splice(i, 1)[0] : undefined;
    return { ...r, id: match?.id };
  });
}

/** Creates the dataset; undefined when its name is taken (the caller picks another). */
export async function createHarvested(db: Db, t: Target, input: DatasetInput, organizationId: string): Promise<string | undefined> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await repo.insertDataset(trx, input, { tenantId: t.tenantId, organizationId, userId: null });
      await repo.replaceResources(trx, id, t.tenantId, (input.resources ?? []).map((r) => ({ ...r, id: undefined })));
      const after = presentPackage((await repo.findDataset(trx, id))!, await repo.resourcesOf(trx, [id]));
      await repo.insertHistory(trx, { datasetId: id, tenantId: t.tenantId, actor: t.actor, action: 'package.create', before: null, after });
      await hrepo.upsertRecord(trx, { datasetId: id, tenantId: t.tenantId, sourceId: t.sourceId, guid: t.guid, origin: t.origin, hash: t.hash });
      return id;
    });
  } catch (err) {
    if (violatedConstraint(err) === 'catalog_datasets_name_key') return undefined;
    throw err;
  }
}

/** Replaces the metadata and resources; the dataset stays in its organisation and keeps its name. */
export async function updateHarvested(db: Db, t: Target, datasetId: string, input: DatasetInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.findDataset(trx, datasetId);
    if (!row) throw new Error(`harvested dataset ${datasetId} vanished`);
    const current = await repo.resourcesOf(trx, [datasetId]);
    const before = presentPackage(row, current);
    await repo.updateDataset(trx, datasetId, { ...input, name: row.name }, row.organization_id);
    await repo.replaceResources(trx, datasetId, t.tenantId, keepResourceIds(input.resources ?? [], current));
    const after = presentPackage((await repo.findDataset(trx, datasetId))!, await repo.resourcesOf(trx, [datasetId]));
    await repo.insertHistory(trx, { datasetId, tenantId: t.tenantId, actor: t.actor, action: 'package.update', before, after });
    await hrepo.upsertRecord(trx, { datasetId, tenantId: t.tenantId, sourceId: t.sourceId, guid: t.guid, origin: t.origin, hash: t.hash });
  });
}

/** The source no longer lists it. The record forgets its fingerprint, so the dataset comes
 *  back (as an update) if the source lists it again. */
export async function deleteHarvested(db: Db, datasetId: string, tenantId: string, actor: string, state: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.setDatasetState(trx, datasetId, 'deleted');
    await repo.insertHistory(trx, { datasetId, tenantId, actor, action: 'package.delete', before: { state }, after: { state: 'deleted' } });
    await hrepo.clearRecordHash(trx, datasetId);
  });
}
