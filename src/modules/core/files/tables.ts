// Row types of the file store (see ADR 0004).
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type FileStatus = 'pending' | 'stored';

export interface CoreFileTables {
  core_files: {
    id: Generated<string>; tenant_id: string | null; filename: string; content_type: string;
    size: ColumnType<number, number | undefined, number>; chunk_count: Generated<number>; sha256: string | null;
    status: ColumnType<FileStatus, FileStatus | undefined, FileStatus>; created_by: string | null; created_at: Ts; stored_at: TsNull;
  };
  core_file_chunks: { file_id: string; seq: number; data: Buffer };
}
