import { createHash } from 'node:crypto';
import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { PREPARED_MARK } from './prepared.js';

const { serialize } = protocol;

interface Statement {
  name: string;
  paramTypes: number[];
}

/**
 * Named prepared statements on PGlite, for the texts that carry PREPARED_MARK (prepared.ts).
 *
 * PGlite's own `query()` sends an unnamed statement in six separate calls into the WebAssembly
 * backend (parse, describe, bind, describe, execute, sync), so every run is parsed, analysed and
 * planned again, and planning a contacts page reads the size of each of its ~20 relation files
 * through Node's file system. A profile of `GET /contacts?limit=1` put 50 % of the request in the
 * backend, mostly planning. A named statement is parsed once; each run is one call holding
 * Bind, Describe, Execute and Sync, and after five runs PostgreSQL keeps a generic plan.
 *
 * Statements live as long as the PGlite instance (one session). The family of marked texts is
 * small and fixed, so the set stays bounded.
 */
export class PglitePreparedStatements {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly pglite: PGlite) {}

  static wants(text: string): boolean {
    return text.startsWith(PREPARED_MARK);
  }

  async query<R>(text: string, params: readonly unknown[]): Promise<Results<R>> {
    const statement = this.statements.get(text) ?? (await this.prepare(text));
    const values = params.map((value, i) => this.serialize(value, statement.paramTypes[i]));
    const message = concat([
      serialize.bind({ statement: statement.name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    const { messages } = await this.pglite.runExclusive(() => this.pglite.execProtocol(message));
    return parse.parseResults(messages, this.pglite.parsers)[0] as Results<R>;
  }

  private async prepare(text: string): Promise<Statement> {
    const name = `rapport_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    const message = concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]);
    const { messages } = await this.pglite.runExclusive(() => this.pglite.execProtocol(message));
    const description = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs: number[] } | undefined;
    const statement = { name, paramTypes: description?.dataTypeIDs ?? [] };
    this.statements.set(text, statement);
    return statement;
  }

  /** As PGlite's query() does: the type's serializer when it has one, else the text form. */
  private serialize(value: unknown, oid: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = oid === undefined ? undefined : this.pglite.serializers[oid];
    return serializer ? serializer(value) : String(value);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
