// Shapes of the common-schema API (/api/v1/cooperations/{slug}/schemas) as the portal reads them.
export type Constraints = { required?: boolean; unique?: boolean; minimum?: number | string; maximum?: number | string; minLength?: number; maxLength?: number; pattern?: string; enum?: unknown[] };
export type SchemaField = { name: string; type: string; title?: string; description?: string; unit?: string; format?: string; constraints?: Constraints; [k: string]: unknown };
export type TableSchema = { fields: SchemaField[]; primaryKey?: string[]; missingValues?: string[] };
export type Problem = { constraint: string; message: string; count: number; samples: { _id: number; value: string | null }[] };
export type Report = { status: string; message: string; row_count: number | null; fields: { name: string; status: string; problems: Problem[] }[]; problems: Problem[]; extra_columns: string[] };
export type AttachmentStatus = 'valid' | 'invalid' | 'no-table' | 'pending';
export type Attachment = {
  resource_id: string; resource_name: string; dataset: string; dataset_title: string; tenant: string; kommune: string; status: AttachmentStatus;
  in_merged_view: boolean; private: boolean; validated_at: string; report: Report | null; can_detach?: boolean;
};
export type Schema = {
  name: string; title: string; description: string; version: string; cooperation: string; cooperation_name: string; view: string;
  schema: TableSchema; resources: Attachment[]; can?: { edit: boolean; attach: boolean };
};
export type Attachable = { resource_id: string; resource_name: string; dataset: string; dataset_title: string; kommune: string; row_count: number; attached: boolean };

/** Table Schema types in German, in the order the editor offers them. */
export const TYPE_DE: Record<string, string> = {
  string: 'Text', number: 'Zahl', integer: 'Ganzzahl', boolean: 'Ja/Nein', date: 'Datum', datetime: 'Zeitpunkt', year: 'Jahr', object: 'Objekt (JSON)', array: 'Liste (JSON)', any: 'beliebig',
};
