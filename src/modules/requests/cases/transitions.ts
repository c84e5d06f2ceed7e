// The case states and which moves between them staff may make. The two waiting states pause the
// service-level clocks (sla/); resolved → closed ends a case, reopening starts work again.
import type { State } from '../tables.ts';

export const TRANSITIONS: Record<State, State[]> = {
  received: ['acknowledged', 'in_progress', 'resolved', 'closed'],
  acknowledged: ['in_progress', 'waiting_citizen', 'waiting_third_party', 'resolved', 'closed'],
  in_progress: ['waiting_citizen', 'waiting_third_party', 'resolved', 'closed'],
  waiting_citizen: ['in_progress', 'resolved', 'closed'],
  waiting_third_party: ['in_progress', 'resolved', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export const canMove = (from: State, to: State) => TRANSITIONS[from].includes(to);

/** Moves out of resolved/closed are reopenings (their own event kind, and the clocks restart). */
export const isReopen = (from: State, to: State) => (from === 'resolved' || from === 'closed') && to === 'in_progress';
export const isFinished = (s: State) => s === 'resolved' || s === 'closed';
