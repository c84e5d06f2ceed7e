// The contacts of a department for SLA warnings and escalations (team lead, head of unit).
import { z } from 'zod';

const Email = z.email({ error: 'keine gültige E-Mail-Adresse' }).max(254, 'höchstens 254 Zeichen');

export const ContactsParams = z.object({ slug: z.string().min(1).max(100), department: z.string().min(1).max(100) });
/** A missing key keeps the contact, null removes it (escalations then go to the department's address). */
export const ContactsBody = z.strictObject({
  team_lead: Email.nullable().optional().describe('Teamleitung: Eskalationsstufe 2 und Vertretung, wenn niemand zugewiesen ist'),
  head_of_unit: Email.nullable().optional().describe('Amtsleitung: Eskalationsstufe 3'),
}, { error: (i) => (i.code === 'unrecognized_keys' ? `unbekannte Felder: ${i.keys.join(', ')} (erlaubt: team_lead, head_of_unit)` : undefined) });
export type ContactsBodyT = z.infer<typeof ContactsBody>;

export const ContactsView = z.object({
  department: z.string(),
  team_lead: z.string().nullable(),
  head_of_unit: z.string().nullable(),
  /** Where escalations go for a role without a contact: the department's own address. */
  department_email: z.string().nullable(),
});
