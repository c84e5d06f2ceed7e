// Shapes of the citizen API as the pages see them (types only: nothing of the server is bundled).
import type { z } from 'zod';
import type { ServicesAnswer, SubmitAnswer, TrackAnswer } from '../citizen/contract.ts';

export type ServicesForForm = z.infer<typeof ServicesAnswer>;
export type CitizenService = ServicesForForm['services'][number];
export type ServiceQuestion = CitizenService['attributes'][number];
export type Submitted = z.infer<typeof SubmitAnswer>;
export type Tracked = z.infer<typeof TrackAnswer>;
