/** PostgreSQL's unique_violation. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === '23505';

/**
 * Runs a transaction again, once, when it lost a race to insert the same unique row (two orders
 * of one new customer at once both creating the contact): the second run finds the row.
 */
export async function retryUniqueRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return run();
  }
}
