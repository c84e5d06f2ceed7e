// zod schemas of the quality API (also the OpenAPI source).
import { z } from 'zod';

const Rating = z.enum(['excellent', 'good', 'sufficient', 'bad']);
const DimensionId = z.enum(['findability', 'accessibility', 'interoperability', 'reusability', 'contextuality']);
const LinkError = z.enum(['http', 'timeout', 'dns', 'connection', 'tls', 'private_address', 'protocol', 'redirects', 'invalid_url', 'invalid_response']);

const Indicator = z.object({
  id: z.string(), label: z.string(), property: z.string().describe('DCAT property the indicator looks at'),
  points: z.number(), maxPoints: z.number(), hints: z.array(z.object({ text: z.string(), resourceId: z.string().optional() })),
});
const Dimension = z.object({ id: DimensionId, label: z.string(), points: z.number(), maxPoints: z.number(), indicators: z.array(Indicator) });
const Hint = z.object({
  text: z.string(), resourceId: z.string().optional(), dimension: DimensionId, indicators: z.array(z.string()),
  gain: z.number().describe('points the dataset gains when the hint is followed'),
});
const LinkCheck = z.object({
  ok: z.boolean(), status: z.number().nullable(), error: LinkError.nullable(), detail: z.string().nullable(), checkedAt: z.string(),
  contentType: z.string().nullable(), contentLength: z.number().nullable(), finalUrl: z.string().nullable(), failingSince: z.string().nullable(),
});

export const DatasetQuality = z.object({
  dataset: z.object({ id: z.string(), name: z.string(), title: z.string(), organization: z.string(), private: z.boolean(), state: z.string() }),
  points: z.number(), maxPoints: z.number(), rating: Rating, ratingLabel: z.string(),
  dimensions: z.array(Dimension),
  hints: z.array(Hint).describe('most valuable first'),
  resources: z.array(z.object({ id: z.string(), name: z.string(), url: z.string(), format: z.string(), linkCheck: LinkCheck.nullable().describe('null: not checked yet (or URL changed since)') })),
});

const Ratings = z.object({ excellent: z.number(), good: z.number(), sufficient: z.number(), bad: z.number() });
const Aggregate = {
  datasetCount: z.number(), points: z.number().nullable().describe('mean over the public datasets; null without any'), maxPoints: z.number(),
  rating: Rating.nullable(), ratingLabel: z.string().nullable(), ratings: Ratings,
  dimensions: z.array(z.object({ id: DimensionId, label: z.string(), points: z.number().nullable(), maxPoints: z.number() })),
};
const Worst = z.array(z.object({
  name: z.string(), title: z.string(), organization: z.string(), points: z.number(), rating: Rating, ratingLabel: z.string(), hints: z.array(z.string()),
}));

export const OrganizationQuality = z.object({
  organization: z.object({ id: z.string(), name: z.string(), title: z.string(), tenant: z.string() }),
  ...Aggregate,
  worst: Worst,
});

export const TenantQuality = z.object({
  tenant: z.object({ slug: z.string(), name: z.string() }),
  ...Aggregate,
  organizations: z.array(z.object({
    name: z.string(), title: z.string(), datasetCount: z.number(), points: z.number().nullable(), rating: Rating.nullable(), ratingLabel: z.string().nullable(), ratings: Ratings,
  })),
  worst: Worst,
});

export const WorstQuery = z.object({ worst: z.coerce.number().int().min(0).max(100).default(10) });
