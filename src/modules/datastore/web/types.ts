// What the datastore APIs answer, as the web pages use it.
export type DsField = { id: string; type: string; info?: { label?: string; unit?: string; notes?: string; geo?: 'lat' | 'lon' } };
export type SearchResult = { fields: DsField[]; records: Record<string, unknown>[]; total?: number; limit: number; offset?: number };
export type Load = {
  id: number; status: 'queued' | 'running' | 'succeeded' | 'unchanged' | 'failed'; phase: string; bytes_total: number | null; bytes_done: number;
  rows_done: number; row_count: number | null; problem_count: number; error: string | null; version: number | null; finished_at: string | null;
  problems?: { row: number; column: string | null; value: string | null; reason: string }[];
};
