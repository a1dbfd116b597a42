import type { AppContext } from '../context.js';

/** Registers every background worker of this process. */
export async function registerWorkers(ctx: AppContext): Promise<void> {
  void ctx;
}
