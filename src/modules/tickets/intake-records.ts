import type { Executor } from '../../db/executor.js';
import { insertAuditMany, type AuditEntry } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { insertTimelineEvents, type NewTimelineEvent } from '../timeline/timeline.repo.js';

/**
 * The timeline events and audit entries of one intake (a new contact, a new ticket, its first
 * message), gathered and written at its end in the same transaction: one statement for each
 * instead of one per step. Events keep the order they were added in.
 */
export class IntakeRecords {
  private readonly events: NewTimelineEvent[] = [];
  private readonly entries: AuditEntry[] = [];

  constructor(readonly actor: Actor) {}

  event(e: NewTimelineEvent): void {
    this.events.push(e);
  }

  audit(entry: AuditEntry): void {
    this.entries.push(entry);
  }

  async write(trx: Executor): Promise<void> {
    await insertTimelineEvents(trx, this.events.splice(0));
    await insertAuditMany(trx, this.actor, this.entries.splice(0));
  }
}
