import { describe, expect, it } from 'vitest';
import { currentPriority, INTERACTIVE_STREAK, Mutex, runInBackground } from './mutex.js';

/** Lets every pending callback, microtask and setImmediate run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

/** Queues a waiter that records its turn and holds the lock until released by the test. */
function waiter(mutex: Mutex, name: string, order: string[], priority?: 'interactive' | 'background') {
  let release!: () => void;
  const granted = mutex.acquire(priority).then((r) => {
    order.push(name);
    release = r;
  });
  return { granted, release: () => release() };
}

describe('Mutex', () => {
  it('serves one holder at a time, first come first served within a priority', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const a = waiter(mutex, 'a', order);
    const b = waiter(mutex, 'b', order);
    const c = waiter(mutex, 'c', order);
    await settle();
    expect(order).toEqual(['a']);
    a.release();
    await settle();
    expect(order).toEqual(['a', 'b']);
    b.release();
    b.release(); // a second release is ignored, it must not let two holders in
    await settle();
    expect(order).toEqual(['a', 'b', 'c']);
    c.release();
  });

  it('lets interactive waiters go ahead of background waiters that queued before them', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const holder = waiter(mutex, 'holder', order, 'interactive');
    await settle();
    const bg1 = waiter(mutex, 'bg1', order, 'background');
    const bg2 = waiter(mutex, 'bg2', order, 'background');
    const req1 = waiter(mutex, 'req1', order, 'interactive');
    const req2 = waiter(mutex, 'req2', order, 'interactive');
    expect(mutex.waiting).toEqual({ interactive: 2, background: 2 });
    for (const w of [holder, req1, req2, bg1, bg2]) {
      w.release();
      await settle();
    }
    expect(order).toEqual(['holder', 'req1', 'req2', 'bg1', 'bg2']);
  });

  it('hands a free lock to background work only after the current turn, so a request queues its next statement first', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const req = waiter(mutex, 'req-statement-1', order, 'interactive');
    await settle();
    const bg = waiter(mutex, 'bg', order, 'background');
    // The request releases and, in the same turn, asks for its next statement.
    req.release();
    const next = waiter(mutex, 'req-statement-2', order, 'interactive');
    await settle();
    expect(order).toEqual(['req-statement-1', 'req-statement-2']);
    next.release();
    await settle();
    expect(order.at(-1)).toBe('bg');
    bg.release();
  });

  it('gives background work a turn after a bounded streak of interactive holders', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const first = waiter(mutex, 'i0', order, 'interactive');
    await settle();
    const bg = waiter(mutex, 'bg', order, 'background');
    const rest = Array.from({ length: INTERACTIVE_STREAK + 2 }, (_, i) => waiter(mutex, `i${i + 1}`, order, 'interactive'));
    for (const w of [first, ...rest.slice(0, INTERACTIVE_STREAK)]) {
      w.release();
      await settle();
    }
    expect(order.indexOf('bg')).toBe(INTERACTIVE_STREAK + 1);
    bg.release();
    await settle();
    for (const w of rest.slice(INTERACTIVE_STREAK)) {
      w.release();
      await settle();
    }
    expect(order).toHaveLength(INTERACTIVE_STREAK + 4);
  });

  it('takes the priority from runInBackground, through awaits and timers', async () => {
    expect(currentPriority()).toBe('interactive');
    const seen = await runInBackground(async () => {
      await settle();
      return new Promise<string>((resolve) => setTimeout(() => resolve(currentPriority()), 1));
    });
    expect(seen).toBe('background');
    expect(currentPriority()).toBe('interactive');

    const mutex = new Mutex();
    const order: string[] = [];
    const holder = waiter(mutex, 'holder', order);
    await settle();
    const bg = runInBackground(() => waiter(mutex, 'bg', order));
    const req = waiter(mutex, 'req', order);
    holder.release();
    await settle();
    req.release();
    await settle();
    bg.release();
    expect(order).toEqual(['holder', 'req', 'bg']);
  });
});
