// Shapes of the service-level settings API (the calendar and policies come from sla/contract.ts).
import { z } from 'zod';

export const CalendarParams = z.object({ slug: z.string().min(1).max(100) });
export const ServiceParams = z.object({ slug: z.string().min(1).max(100), code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Dienstkürzel') });
