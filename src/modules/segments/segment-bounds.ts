import { AppError } from '../../lib/app-error.js';

/**
 * How big a condition tree may get. Depth counts groups and NOTs from the root, through
 * referenced segments; the node count is taken after expanding every referenced dynamic segment,
 * since that is what is compiled. With at most ~25 bind parameters per condition (an event with
 * ten property tests), 500 conditions stay far below PostgreSQL's 65,535 parameters per
 * statement, and compile and plan in milliseconds.
 */
export const MAX_DEPTH = 32;
export const MAX_NODES = 500;

/**
 * Checks a request's raw tree, before zod parses it: zod's recursive schema (and the compiler)
 * recurse once per level, so a tree nested 10,000 deep would overflow the stack there. This
 * walk keeps its own stack and stops at the first level or node past the bound, naming the path.
 */
export function checkTreeShape(raw: unknown, root = 'tree'): void {
  const pending: { node: unknown; path: string; depth: number }[] = [{ node: raw, path: root, depth: 0 }];
  let nodes = 0;
  while (pending.length) {
    const { node, path, depth } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue; // zod reports the shape
    if (depth > MAX_DEPTH) throw AppError.invalid({ path, message: `conditions may be nested at most ${MAX_DEPTH} levels deep` });
    if (++nodes > MAX_NODES) throw AppError.invalid({ path, message: `a segment may have at most ${MAX_NODES} conditions and groups` });
    const { children, child } = node as { children?: unknown; child?: unknown };
    if (Array.isArray(children)) {
      // Pushed in reverse so the first offending child is the one reported.
      for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], path: `${path}.children[${i}]`, depth: depth + 1 });
    }
    if (child !== undefined) pending.push({ node: child, path: `${path}.child`, depth: depth + 1 });
  }
}
