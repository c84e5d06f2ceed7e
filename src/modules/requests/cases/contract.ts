// Request and answer shapes of the staff case API (zod; German messages).
import { z } from 'zod';
import { STATES } from '../tables.ts';

export const NumberParams = z.object({ number: z.string().regex(/^[A-Z]{1,3}-\d{4}-\d{6}$/, 'Vorgangsnummer wie GIE-2026-000042') });
export const TenantParams = z.object({ slug: z.string().min(1).max(100) });

export const TransitionBody = z.object({
  to: z.enum(STATES, { message: `Zielstatus: ${STATES.join(', ')}` }),
  /** Shown to the citizen (and in Open311 status_notes / service request updates). */
  public_note: z.string().trim().min(1).max(4000).optional(),
}).strict();

export const MergeBody = z.object({ into: NumberParams.shape.number }).strict();

export const NoteBody = z.object({ text: z.string().trim().min(1, 'Text fehlt').max(4000), public: z.boolean().default(false) }).strict();

export const AssignBody = z.object({
  department: z.string().min(1).max(100).nullable().optional(),
  assignee: z.string().email('E-Mail-Adresse der Bearbeiterin / des Bearbeiters').nullable().optional(),
  priority: z.number().int().min(1).max(4).optional(),
}).strict().refine((b) => b.department !== undefined || b.assignee !== undefined || b.priority !== undefined, 'department, assignee oder priority angeben');

export const BulkAssignBody = z.object({ numbers: z.array(NumberParams.shape.number).min(1).max(200) }).and(AssignBody);

export const InboxQuery = z.object({
  state: z.string().optional().transform((v, c) => {
    if (v === undefined || v === '') return undefined;
    const xs = v.split(',');
    const bad = xs.filter((x) => !(STATES as readonly string[]).includes(x) && x !== 'open');
    if (bad.length) c.addIssue({ code: 'custom', message: `unbekannter Status: ${bad.join(', ')}` });
    return xs;
  }),
  department: z.string().max(100).optional(),
  assignee: z.string().max(254).optional(),
  service: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type InboxQueryT = z.infer<typeof InboxQuery>;
