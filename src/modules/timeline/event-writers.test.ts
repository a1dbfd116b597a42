import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { eventKindSpec, type TimelineKind } from './event-kinds.js';
import { insertTimelineEvents, type NewTimelineEvent } from './timeline.repo.js';

/**
 * A kind that is written must be declared in event-kinds.ts, or nothing decides who may read it.
 * Three locks: the writer's type (a literal that is not declared does not compile), the writer
 * itself (an undeclared kind, cast or computed, throws), and this scan of the source, which finds
 * the kinds every module passes to the timeline writers.
 */
const SRC = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Kind literals in files that write timeline events: `kind: '…'`, `…Event(…, '…'`, and `KIND`-style maps and returns. */
function writtenKinds(): { file: string; kind: string }[] {
  const writers = /insertTimelineEvents|recordDealEvent|recordActivityEvent|NewTimelineEvent|TimelineKind/;
  const patterns = [
    /\bkind:\s*'([^']+)'/g, // { kind: 'note_added' } and { granted: 'consent_granted' } maps typed as kinds
    /\b(?:record\w*Event|event)\([^;]*?,\s*'([a-z][\w.]*)'/g, // recordDealEvent(trx, actor, deal, 'deal_created', …), event(actor, id, 'created', …)
    /\?\s*'([a-z]+_[\w.]*)'\s*:/g, // computed kinds: cond ? 'activity_completed' : …
    /\b(?!entity\b|action\b)\w+:\s*'([a-z]+_[a-z_]+)'\s*[,}]/g, // const KIND = { granted: 'consent_granted', … } (not audit entries)
    /`([a-z]+)_\$\{/g, // templates: `deal_${status}` — the prefix must belong to declared kinds
  ];
  const out: { file: string; kind: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    if (!writers.test(text) || file.includes(`${join('timeline', 'event-kinds.ts')}`)) continue;
    patterns.forEach((re, i) => {
      for (const m of text.matchAll(re)) out.push({ file: file.slice(SRC.length + 1), kind: i === patterns.length - 1 ? `${m[1]}_*` : m[1] });
    });
  }
  return out;
}

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => (await import('../../boot.js')).closeContext(ctx));

describe('timeline writers', () => {
  it('write only declared kinds (source scan)', () => {
    const found = writtenKinds();
    // Not vacuous: the scan sees the contacts, notes, deals, activities, lists and consent writers.
    for (const k of ['note_added', 'created', 'deal_created', 'activity_created', 'list_subscribed', 'consent_granted', 'merged', 'imported']) {
      expect(found.map((f) => f.kind), k).toContain(k);
    }
    const undeclared = found.filter(({ kind }) => (kind.endsWith('_*') ? !/^(deal|activity)_\*$/.test(kind) : !eventKindSpec(kind)))
      // Field kinds of list filters and the like sit in the same files; only timeline-shaped strings count.
      .filter(({ kind }) => !['text', 'date', 'timestamp', 'number', 'boolean', 'select', 'multiselect'].includes(kind));
    expect(undeclared).toEqual([]);
  });

  it('refuse an undeclared kind at run time, and the type allows only declared ones', async () => {
    const ws = await newWorkspace(ctx);
    await expect(insertTimelineEvents(ctx.db, [{ workspaceId: ws.id, kind: 'secret_thing' as TimelineKind }])).rejects.toThrow(/secret_thing.*not declared/);
    await expect(insertTimelineEvents(ctx.db, [{ workspaceId: ws.id, kind: 'custom.trial_started' }])).resolves.toBeUndefined();
    expectTypeOf<NewTimelineEvent['kind']>().toEqualTypeOf<TimelineKind>();
    // @ts-expect-error an undeclared literal does not compile
    const bad: NewTimelineEvent = { workspaceId: ws.id, kind: 'secret_thing' };
    expect(bad.kind).toBe('secret_thing');
  });
});
