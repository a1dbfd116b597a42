import type { Executor } from '../../db/executor.js';
import { insertAuditMany, type AuditEntry } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { insertTimelineEvents, type NewTimelineEvent } from '../timeline/timeline.repo.js';

/**
 * The timeline events and audit entries of one intake (a new contact, a new ticket, its first
 * message), gathered and written at its end in the same transaction: one statement for each
 * instead of one per step (and under group commit, one for all the mails of a transaction).
 * Events keep the order they were added in.
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
    await IntakeRecords.writeAll(trx, [this]);
  }

  /** The records of several intakes (a group commit's mails) in one statement each (one per actor for the audit). */
  static async writeAll(trx: Executor, all: IntakeRecords[]): Promise<void> {
    await insertTimelineEvents(trx, all.flatMap((r) => r.events.splice(0)));
    const byActor = new Map<string, { actor: Actor; entries: AuditEntry[] }>();
    for (const r of all) {
      const key = `${r.actor.workspaceId}:${r.actor.userId}:${r.actor.apiKeyId}:${r.actor.label}`;
      const same = byActor.get(key) ?? { actor: r.actor, entries: [] };
      same.entries.push(...r.entries.splice(0));
      byActor.set(key, same);
    }
    for (const { actor, entries } of byActor.values()) await insertAuditMany(trx, actor, entries);
  }
}
