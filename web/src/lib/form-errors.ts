import { ApiError } from './http';

export interface FormErrors {
  /** The message to show beside the input for `path` (or for an item of it, such as `contactIds.0`). */
  field: (path: string) => string | undefined;
  /** What no input of the form shows, or the error itself when it names no field. */
  rest: string[];
  /** Every field message by path, for a part of the form that takes them whole (ListFields, …). */
  byPath: Record<string, string>;
}

/**
 * The server's 400 field errors (`details.fields[].path`) for a form: `field(path)` gives the
 * message to show beside that input; `rest` holds what no input on the form shows (or the error
 * itself when it names no field), so the form prints it instead of leaving a dead button.
 * `shown` lists the paths the form has inputs for; `tags` also covers `tags.0`.
 */
export function formErrors(error: unknown, shown: string[]): FormErrors {
  if (!error) return { field: () => undefined, rest: [], byPath: {} };
  const errors = fieldErrors(error instanceof ApiError ? error.fieldErrors() : {}, shown);
  if (!Object.keys(errors.byPath).length) errors.rest.push(error instanceof Error ? error.message : String(error));
  return errors;
}

/**
 * The same for messages already sorted by path, such as a part of a larger form (one condition
 * of the segment builder, whose paths are relative to its node).
 */
export function fieldErrors(byPath: Record<string, string>, shown: string[]): FormErrors {
  const paths = Object.keys(byPath);
  const covers = (s: string, p: string) => p === s || p.startsWith(`${s}.`);
  const rest = paths.filter((p) => !shown.some((s) => covers(s, p))).map((p) => (p ? `${p}: ${byPath[p]}` : byPath[p]));
  const field = (path: string) => {
    const hit = paths.find((p) => covers(path, p));
    return hit === undefined ? undefined : byPath[hit];
  };
  return { field, rest, byPath };
}

/** The paths of custom-field inputs, as the server names them. */
export const customPaths = (fields: { key: string }[] | undefined) => (fields ?? []).map((f) => `custom.${f.key}`);

/** For a form of one input: the server's message for `path`, or whatever else it said. */
export function singleFieldError(error: unknown, path: string): string | undefined {
  const errors = formErrors(error, [path]);
  return errors.field(path) ?? (errors.rest.join('; ') || undefined);
}
