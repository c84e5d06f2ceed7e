// The analytics API's answers as the dashboards read them (docs/api.md, "Service analytics").
export type Range = { from: string; to: string };

export type OverviewItem = {
  service_key: string;
  name: string | null;
  views: number;
  starts: number;
  submissions: number;
  conversion: number | null;
  errors: number;
  rated: number;
  rating_mean: number | null;
  offline: number | null;
  digital_share: number | null;
  previous: { submissions: number; conversion: number | null; rating_mean: number | null } | null;
};
export type Overview = {
  tenant: string;
  period: Range;
  previous_period: Range;
  totals: { services: number; views: number; starts: number; submissions: number; conversion: number | null };
  items: OverviewItem[];
};

export type FunnelStep = { step: number; reached: number; abandoned: number; abandonment_rate: number | null };
export type MethodRow = { method: string; success: number; failure: number; abort: number; share: number | null; failure_rate: number | null };
export type VersionFunnel = { form_version: string; starts: number; submissions: number; conversion: number | null; funnel: FunnelStep[] };
export type ServiceMetrics = {
  tenant: string;
  service_key: string;
  name: string | null;
  period: Range;
  views: number;
  starts: number;
  submissions: number;
  conversion: number | null;
  offline: number | null;
  digital_share: number | null;
  funnel: FunnelStep[];
  funnels_by_version: VersionFunnel[];
  auth: MethodRow[];
  payment: MethodRow[];
  errors: { kind: string; count: number }[];
  durations: { bucket: string; count: number }[];
  ratings: { rating: number; count: number }[];
  rating_mean: number | null;
};

export type Point = { period: string; series: string; value: number | null };
export type Series = { metric: string; interval: Interval; period: Range; by: Split | null; kind: 'count' | 'ratio'; series: string[]; points: Point[] };

export type PeerItem = {
  tenant: string;
  name: string;
  population: number | null;
  self: boolean;
  submissions: number | null;
  submissions_per_1000: number | null;
  conversion: number | null;
  rating_mean: number | null;
  digital_share: number | null;
  no_data: boolean;
  suppressed: boolean;
};
type PeerFigures = { submissions_per_1000: number | null; conversion: number | null; rating_mean: number | null; digital_share: number | null };
export type Peers = { tenant: string; period: Range; min_cell: number; group: { kind: PeerGroup; label: string; members: number }; median: PeerFigures; items: PeerItem[] };
export type PeerGroup = 'cooperation' | 'size_class';

export type Comment = { id: string; day: string; rating: number; comment: string; online_service: string; form_version: string };
export type Comments = { items: Comment[]; next_cursor: string | null };

export type Interval = 'day' | 'week' | 'month' | 'year';
export type Split = 'service' | 'form_version' | 'online_service' | 'dimension';
export type Visibility = 'private' | 'tenant' | 'cooperation';
export type ChartKind = 'line' | 'bar' | 'table';
export type Definition = {
  metric: string;
  interval: Interval;
  period: { from?: string; to?: string; last_days?: number };
  filters: { service_key?: string; online_service?: string; form_version?: string };
  by?: Split;
  chart: ChartKind;
};
export type SavedView = {
  id: string;
  tenant: string;
  tenant_name: string;
  name: string;
  description: string;
  visibility: Visibility;
  definition: Definition;
  copied_from: string | null;
  created_at: string;
  updated_at: string;
  own: boolean;
  mine: boolean;
  can_edit: boolean;
};
export type ViewData = Series & { view: SavedView; tenant: string };
