import { sql, type Kysely } from 'kysely';

// Areas of a municipality for routing citizen requests (issue 6): its boundary (a report sent to
// a cooperation lands with the member whose boundary holds the point) and its districts (a
// district can send some or all services to a department). GeoJSON in jsonb plus a bounding box
// for the SQL prefilter; the exact test runs in JavaScript (no PostGIS needed).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requests_areas (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES core_tenants(id),
      kind          text NOT NULL CHECK (kind IN ('boundary', 'district')),
      name          text NOT NULL,
      geometry      jsonb NOT NULL,            -- GeoJSON Polygon or MultiPolygon, WGS84
      min_lon       double precision NOT NULL,
      min_lat       double precision NOT NULL,
      max_lon       double precision NOT NULL,
      max_lat       double precision NOT NULL,
      department_id uuid REFERENCES core_departments(id),  -- districts: where their reports go
      service_codes text[] NOT NULL DEFAULT '{}',           -- districts: only these services (empty: all)
      position      int NOT NULL DEFAULT 0,                 -- districts: the first matching rule wins
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX requests_areas_bbox ON requests_areas (kind, min_lon, max_lon, min_lat, max_lat);
    CREATE INDEX requests_areas_tenant ON requests_areas (tenant_id, kind, position);
  `.execute(db);
}
