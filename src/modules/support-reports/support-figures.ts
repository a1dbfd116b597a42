import { ALWAYS_OPEN, businessMillisBetween, type BusinessHours, type Span } from '../sla/business-clock.js';

/** One ticket as the figures need it (support-reports.repo.ticketsOpenedBetween). */
export interface MeasuredTicket {
  channel: string;
  created_at: Date;
  first_responded_at: Date | null;
  solved_at: Date | null;
  sla_pauses: [string, string][];
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  csat_score: number | null;
  csat_requested_at: Date | null;
  time_zone: string | null;
  weekly: unknown;
  holidays: unknown;
}

export const CHANNELS = ['email', 'web', 'chat', 'api', 'phone'] as const;

/** Linear interpolation between closest ranks (as PostgreSQL's percentile_cont); null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return Math.round((sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)) * 10) / 10;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Time to first response and to resolution counts as the SLA clock does: business minutes of the
 * ticket's policy hours (calendar time without a policy), less the time it waited on the customer.
 */
function businessMinutes(t: MeasuredTicket, until: Date): number {
  const hours: BusinessHours = t.time_zone ? { timeZone: t.time_zone, weekly: t.weekly as BusinessHours['weekly'], holidays: (t.holidays as string[]) ?? [] } : ALWAYS_OPEN();
  const pauses: Span[] = (t.sla_pauses ?? []).map(([a, b]) => [Date.parse(a), Date.parse(b)]);
  return businessMillisBetween(hours, t.created_at, until, pauses) / 60_000;
}

/** Every figure of the report for one group of tickets (all of them, or one agent's). */
export function figuresOf(tickets: MeasuredTicket[], now: Date) {
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<(typeof CHANNELS)[number], number>;
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const sla = { met: 0, breached: 0 };
  const distribution: Record<'1' | '2' | '3' | '4' | '5', number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let scoreSum = 0;
  let responses = 0;
  let requested = 0;
  for (const t of tickets) {
    if (t.channel in byChannel) byChannel[t.channel as keyof typeof byChannel]++;
    if (t.first_responded_at) firstResponse.push(businessMinutes(t, t.first_responded_at));
    if (t.solved_at) resolution.push(businessMinutes(t, t.solved_at));
    for (const [due, done] of [[t.first_response_due_at, t.first_responded_at], [t.resolution_due_at, t.solved_at]] as const) {
      if (!due) continue;
      if (done) sla[done <= due ? 'met' : 'breached']++;
      else if (now > due) sla.breached++;
    }
    if (t.csat_requested_at) requested++;
    if (t.csat_score) {
      responses++;
      scoreSum += t.csat_score;
      distribution[String(t.csat_score) as keyof typeof distribution]++;
    }
  }
  firstResponse.sort((a, b) => a - b);
  resolution.sort((a, b) => a - b);
  const decided = sla.met + sla.breached;
  return {
    tickets: tickets.length,
    byChannel,
    firstResponseMinutes: { p50: percentile(firstResponse, 0.5), p90: percentile(firstResponse, 0.9), count: firstResponse.length },
    resolutionMinutes: { p50: percentile(resolution, 0.5), p90: percentile(resolution, 0.9), count: resolution.length },
    sla: { ...sla, metPercent: decided ? round1((sla.met / decided) * 100) : null },
    csat: { average: responses ? round1(scoreSum / responses) : null, distribution, responses, requested, responseRate: requested ? round1((responses / requested) * 100) : null },
  };
}
export type SupportFigures = ReturnType<typeof figuresOf>;
