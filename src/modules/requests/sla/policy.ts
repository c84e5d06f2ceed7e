// SLA policies of a service: an ordered list, the first policy whose conditions match a case
// applies (like a firewall rule list), so a city writes the special cases first ("urgent
// street lights: 4 h") and a catch-all last. Each policy names its targets and the thresholds at
// which warnings fire and the case escalates: assignee → team lead → head of unit.
import type { z } from 'zod';
import {
  BusinessDuration,
  ESCALATION_ACTIONS,
  ESCALATION_LEVELS,
  PRIORITIES,
  SlaPolicy as SlaPolicySchema,
  SlaServicePolicies,
  type SlaPolicyInput,
  type Threshold,
} from './contract.ts';
import { parseOrThrow } from './errors.ts';
import { MINUTE } from './business-time.ts';

export type SlaPolicy = z.output<typeof SlaPolicySchema>;
export type Priority = (typeof PRIORITIES)[number];
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];
export type SlaThreshold = z.output<typeof Threshold>;

/** The four clocks a policy can run; the first three count business time, `legal` calendar days. */
export const CLOCKS = ['firstResponse', 'maxSilence', 'resolution', 'legal'] as const;
export type ClockName = (typeof CLOCKS)[number];

/** What policy selection may look at. */
export type CaseFacts = { priority?: Priority; channel?: string };

export function parsePolicy(input: SlaPolicyInput): SlaPolicy {
  return parseOrThrow(SlaPolicySchema, input, 'Die SLA-Richtlinie');
}

export function parseServicePolicies(input: readonly SlaPolicyInput[]): SlaPolicy[] {
  return parseOrThrow(SlaServicePolicies, input, 'Die SLA-Richtlinien des Dienstes');
}

export function policyMatches(policy: SlaPolicy, facts: CaseFacts): boolean {
  const { priorities, channels } = policy.when;
  if (priorities && !(facts.priority && priorities.includes(facts.priority))) return false;
  if (channels && !(facts.channel && channels.includes(facts.channel))) return false;
  return true;
}

/** The first matching policy, or null: then the case runs without service-level clocks. */
export function selectPolicy(policies: readonly SlaPolicy[], facts: CaseFacts): SlaPolicy | null {
  return policies.find((p) => policyMatches(p, facts)) ?? null;
}

export function businessDurationMs(duration: z.output<typeof BusinessDuration>): number {
  return (duration.hours * 60 + duration.minutes) * MINUTE;
}
