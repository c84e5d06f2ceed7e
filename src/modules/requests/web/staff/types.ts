// Shapes of the staff case API as the pages see them (docs/api.md "Citizen requests: staff case
// handling"). Written out by hand: the server's answers are not zod-typed, and nothing of the
// server may be bundled into the web app.

export type State = 'received' | 'acknowledged' | 'in_progress' | 'waiting_citizen' | 'waiting_third_party' | 'resolved' | 'closed';

/** One row of GET /api/v1/tenants/{slug}/requests. */
export type InboxItem = {
  number: string;
  state: State;
  state_label: string;
  description: string;
  priority: number;
  requested_at: string;
  updated_at: string;
  expected_at: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  service_code: string;
  service_name: string;
  department: string | null;
  department_name: string | null;
  assignee: string | null;
  assignee_name: string | null;
};
export type Inbox = { total: number; items: InboxItem[] };

/** One entry of the case's timeline: every event, public or internal. */
export type CaseEvent = {
  id: string;
  at: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  public: boolean;
  text: string | null;
  data: Record<string, unknown> | null;
  actor: string | null;
};

/** GET /api/v1/requests/{number}: the case with contact data (staff only). */
export type Case = Omit<InboxItem, 'state_label'> & {
  tenant: string;
  state_label: string;
  attributes: Record<string, string | string[]> | null;
  media_url: string | null;
  closed_at: string | null;
  source: string;
  client_name: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  notify: boolean;
  next_states: State[];
  events: CaseEvent[];
};

export type DuplicateSuggestion = { number: string; state: State; description: string; requested_at: string; metres: number };

export type Department = { id: string; slug: string; name: string };
