/**
 * Rate limits by key (a sending account, a recipient domain): each take() gets the next free slot
 * 1/rate apart, allowing a burst of a twentieth of a second's worth, and waits for it. In-process
 * (one worker's share); with several processes each keeps its own pace.
 */
export class Throttle {
  private readonly next = new Map<string, number>();
  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Milliseconds the caller must wait for its slot (0 when within the burst). */
  reserve(key: string, perSecond: number): number {
    const now = this.clock();
    const interval = 1000 / perSecond;
    const burst = Math.max(1, perSecond / 20) * interval;
    const slot = Math.max(now - burst, this.next.get(key) ?? 0);
    this.next.set(key, slot + interval);
    return Math.max(0, slot - now);
  }

  async take(key: string, perSecond: number): Promise<void> {
    const wait = this.reserve(key, perSecond);
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
  }
}
