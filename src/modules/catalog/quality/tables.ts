import type { ColumnType } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type LinkCheckError =
  | 'http' | 'timeout' | 'dns' | 'connection' | 'tls' | 'private_address' | 'protocol' | 'redirects' | 'invalid_url' | 'invalid_response';

export interface CatalogQualityTables {
  catalog_link_checks: {
    resource_id: string; tenant_id: string; url: string; checked_at: Ts; ok: boolean; status: number | null;
    error: LinkCheckError | null; detail: string | null; method: 'HEAD' | 'GET' | null; final_url: string | null;
    redirects: ColumnType<number, number | undefined, number>; content_type: string | null;
    content_length: number | null;
    duration_ms: ColumnType<number, number | undefined, number>; failing_since: TsNull;
  };
}
