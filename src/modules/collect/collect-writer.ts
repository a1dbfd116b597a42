import type { AppContext } from '../../context.js';
import { GroupCommit } from '../../lib/group-commit.js';
import type { CheckedEvent } from '../events/event-check.js';
import { ingestEvents } from '../events/events.service.js';

/** Events a write carries at most (one ingestEvents transaction, as a batch-API request). */
const BATCH = 1000;
/** Beyond this many events waiting for their write, the endpoint answers 429 with Retry-After. */
export const BACKLOG_LIMIT = 50_000;
/** Writes in flight at once on PostgreSQL (a connection each); PGlite has one connection. */
const POSTGRES_LANES = 4;

interface Request {
  workspaceId: number;
  events: CheckedEvent[];
}

/**
 * Writes the collect endpoint's events before the browser is answered, so a crash never loses an
 * acknowledged event. Requests share writes (group commit): those that arrive while the lanes are
 * busy go together into the next write, up to BATCH events; a lone request waits one event-loop
 * turn. If a shared write fails, each request is written alone, so only a bad one fails; writing
 * is idempotent by event id, so the events of the others that were committed are not doubled.
 */
export class CollectWriter {
  private readonly group: GroupCommit<Request>;

  constructor(private readonly ctx: AppContext, private readonly limit = BACKLOG_LIMIT) {
    this.group = new GroupCommit((requests) => this.write(requests), {
      lanes: ctx.database.kind === 'postgres' ? POSTGRES_LANES : 1,
      maxWeight: BATCH,
      weight: (r) => r.events.length,
      gatherTurn: true,
      retrySingly: true,
    });
  }

  /** Too many events are waiting for their write: the database is not keeping up. */
  get full(): boolean {
    return this.group.waiting >= this.limit;
  }

  /** Resolves once the events are committed. */
  async add(workspaceId: number, events: CheckedEvent[]): Promise<void> {
    if (events.length) await this.group.add({ workspaceId, events });
  }

  /** Resolves once every write handed in has finished (shutdown, tests, the bench). */
  settled(): Promise<void> {
    return this.group.settled();
  }

  private async write(requests: Request[]): Promise<void> {
    const byWorkspace = new Map<number, CheckedEvent[]>();
    for (const r of requests) {
      const list = byWorkspace.get(r.workspaceId) ?? [];
      list.push(...r.events);
      byWorkspace.set(r.workspaceId, list);
    }
    for (const [workspaceId, events] of byWorkspace) {
      await ingestEvents({ ctx: this.ctx, workspaceId, events, trusted: false });
    }
  }
}
