import { OPERATION_IDS } from './operation-ids.js';
import { API_TAGS } from './tags.js';

type Operation = { operationId?: string; summary?: string; description?: string; tags?: string[] };
type Doc = {
  info?: Record<string, unknown>;
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

export function operationsOf(doc: Doc): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).filter(([m]) => METHODS.has(m)).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/**
 * The last pass over the generated document (the `transformObject` of @fastify/swagger): ids from
 * operation-ids.ts where a route set none, the summary as description where a route wrote no
 * longer one, the declared tags, and component schemas as OpenAPI 3.1 wants them (zod's `$id`
 * removed; the output twin of an input-only recursive schema dropped).
 */
export function finishDocument<T>(input: T, options: { serverUrl: string }): T {
  const doc = input as Doc;
  for (const { method, path, op } of operationsOf(doc)) {
    op.operationId ??= OPERATION_IDS[`${method} ${path}`];
    if (!op.description && op.summary) op.description = op.summary;
  }
  doc.tags = API_TAGS;
  doc.servers = [{ url: options.serverUrl, description: 'This installation' }];
  doc.info = {
    ...doc.info,
    contact: { name: 'Rapport', url: 'https://github.com/rapport-crm/rapport' },
    license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
  };
  const schemas = doc.components?.schemas;
  if (schemas) {
    for (const schema of Object.values(schemas)) delete schema.$id;
    for (const name of Object.keys(schemas)) {
      const { [name]: self, ...rest } = schemas;
      const outside = JSON.stringify({ paths: doc.paths, rest });
      if (!outside.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
    }
  }
  return input;
}

/** Problems a route author must fix, each naming the route: no operationId, an id used twice, an undeclared tag. */
export function routeProblems(doc: Doc): string[] {
  const declared = new Set(API_TAGS.map((t) => t.name));
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { method, path, op } of operationsOf(doc)) {
    const route = `${method} ${path}`;
    if (!op.operationId) problems.push(`${route}: no operationId (set schema.operationId, e.g. 'listContacts')`);
    else if (seen.has(op.operationId)) problems.push(`${route}: operationId '${op.operationId}' is also used by ${seen.get(op.operationId)}`);
    else seen.set(op.operationId, route);
    if (!op.tags?.length) problems.push(`${route}: no tag`);
    for (const tag of op.tags ?? []) if (!declared.has(tag)) problems.push(`${route}: tag '${tag}' is not declared in src/http/openapi/tags.ts`);
  }
  return problems;
}
