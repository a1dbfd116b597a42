import { Liquid, type Template } from 'liquidjs';

/**
 * The one Liquid engine for user-written templates (email templates, subjects, canned replies).
 * Sandboxed: templates resolve `include`/`render`/`layout` only from an empty in-memory map (no
 * file system), there is no network access in Liquid, only own properties of the data are visible
 * (no `constructor`, no prototype walking), and parse and render are bounded in time and memory.
 * A missing variable renders as empty (or its `default:` filter) instead of failing a send.
 */
export const LIQUID_LIMITS = {
  /** Characters of template source. */
  parse: 200_000,
  /** Milliseconds of render time per call. */
  render: 2000,
  /** Bytes of memory allocated by a render (strings, arrays). */
  memory: 5_000_000,
};

const engine = new Liquid({
  templates: {},
  relativeReference: false,
  dynamicPartials: false,
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  jsTruthy: false,
  parseLimit: LIQUID_LIMITS.parse,
  renderLimit: LIQUID_LIMITS.render,
  memoryLimit: LIQUID_LIMITS.memory,
  cache: 1000,
});

export class LiquidSyntaxError extends Error {
  constructor(message: string, readonly line: number | null, readonly column: number | null) {
    super(message);
  }
}

/** Parses once; throws LiquidSyntaxError with the line and the parser's own message. */
export function parseLiquid(source: string): Template[] {
  try {
    return engine.parse(source);
  } catch (err) {
    throw toSyntaxError(err);
  }
}

/** Renders parsed templates with `data`; a render over the limits throws (the caller decides). */
export async function renderLiquid(templates: Template[] | string, data: Record<string, unknown>): Promise<string> {
  const parsed = typeof templates === 'string' ? parseLiquid(templates) : templates;
  return engine.render(parsed, data) as Promise<string>;
}

/**
 * The same render without a promise per tag: for the send loop, where nothing in a template
 * waits on I/O and the async machinery costs more than the rendering. Same limits, same throws.
 */
export function renderLiquidSync(templates: Template[], data: Record<string, unknown>): string {
  return engine.renderSync(templates, data) as string;
}

function toSyntaxError(err: unknown): LiquidSyntaxError {
  const e = err as { message?: string; token?: { getPosition?: () => [number, number] } };
  const [line, column] = e.token?.getPosition?.() ?? [null, null];
  const message = String(e.message ?? err).split('\n')[0]!;
  return new LiquidSyntaxError(message, line, column);
}
