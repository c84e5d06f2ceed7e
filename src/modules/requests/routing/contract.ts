// The areas of a municipality as a GeoJSON FeatureCollection (what GIS exports).
import { z } from 'zod';

export const AreaKind = z.enum(['boundary', 'district']);
export const AreasParams = z.object({ slug: z.string().min(1).max(100), kind: AreaKind });
export const AreasBody = z.object({
  type: z.literal('FeatureCollection', { message: 'GeoJSON FeatureCollection erwartet' }),
  features: z.array(z.object({
    type: z.literal('Feature'),
    properties: z.object({
      name: z.string().trim().min(1, 'Name fehlt').max(200),
      /** Districts: the department (slug) their reports go to. */
      department: z.string().max(100).nullish(),
      /** Districts: only for these service codes (missing or empty: all services). */
      services: z.array(z.string().max(64)).max(100).nullish(),
    }),
    geometry: z.unknown(),
  })).max(500, 'höchstens 500 Flächen'),
});
export type AreasBodyT = z.infer<typeof AreasBody>;
