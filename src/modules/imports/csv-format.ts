import { parse, type Options, type Parser } from 'csv-parse';
import { AppError } from '../../lib/app-error.js';
import { toStorableText, unstorableText } from '../../lib/storable-text.js';

/** How every import reads CSV; the upload's sniffing and the job must agree, or row numbers drift. */
export function csvOptions(delimiter: string): Options {
  return { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true };
}

/**
 * Comma, semicolon (what Excel writes in much of Europe) or tab: whichever appears most in the
 * header line outside quotes. Computed again from the first chunk by the job, so it is not stored.
 */
export function detectDelimiter(head: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  return Object.keys(counts).reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

/** Spreadsheet row number: the header is row 1; skipped empty lines still count, as in Excel. */
export function rowNumberOf(info: { records: number; empty_lines: number }): number {
  return info.records + info.empty_lines;
}

const fileError = (message: string) => AppError.invalid({ path: 'file', message });
const SNIFF_LIMIT = 1024 * 1024;
const BINARY_SNIFF = 8000;
/** More columns than any contact export has; each costs work in every row of the job and in the mapping screen. */
export const MAX_COLUMNS = 1000;
/** A column name is a label, not data. */
export const MAX_HEADER_LENGTH = 200;

/**
 * The header row, trimmed, or a 400 naming `file`: it must name at least one column, at most
 * MAX_COLUMNS of at most MAX_HEADER_LENGTH characters, each once. Linear in the number of
 * columns (a 140,000-column header once took 24 s in a quadratic duplicate check).
 */
export function checkHeaders(record: string[]): string[] {
  if (record.length > MAX_COLUMNS) throw fileError(`has ${record.length} columns; at most ${MAX_COLUMNS} are supported`);
  const headers = record.map((h) => h.trim());
  if (headers.every((h) => h === '')) throw fileError('has no header row (the first row must name the columns)');
  const seen = new Set<string>();
  for (const [i, h] of headers.entries()) {
    const unstorable = unstorableText(h);
    if (unstorable) throw fileError(`column ${i + 1} has a name that ${unstorable}`);
    if (h.length > MAX_HEADER_LENGTH) throw fileError(`column ${i + 1} has a name longer than ${MAX_HEADER_LENGTH} characters ("${h.slice(0, 40)}…")`);
    if (h !== '' && seen.has(h)) throw fileError(`has the column "${h}" twice; column names must be unique`);
    seen.add(h);
  }
  return headers;
}

/**
 * Reads the header and the first rows of an upload as its bytes stream past, then stops parsing;
 * the rest of the file is only stored. Rejects what is clearly not a UTF-8 CSV.
 */
export class CsvSniffer {
  readonly records: string[][] = [];
  private parser: Parser | null = null;
  private seen = 0;
  private failure: Error | null = null;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private done = false;

  constructor(private readonly wanted = 6) {}

  push(bytes: Buffer): void {
    if (this.done || this.failure) return;
    if (this.seen === 0 && bytes[0] === 0xff && bytes[1] === 0xfe) this.failure = fileError('is UTF-16; save it as "CSV UTF-8"');
    // A NUL early on means a binary file (as git decides); later, it is one bad cell, which the job reports as a row error.
    else if (this.seen < BINARY_SNIFF && bytes.subarray(0, BINARY_SNIFF - this.seen).includes(0)) this.failure = fileError('is not a CSV text file');
    else {
      try {
        this.decoder.decode(bytes, { stream: true });
      } catch {
        this.failure = fileError('is not UTF-8 text; save it as "CSV UTF-8"');
      }
    }
    if (this.failure) return;
    if (!this.parser) {
      this.parser = parse(csvOptions(detectDelimiter(bytes.toString('utf8', 0, Math.min(bytes.length, 64 * 1024)))));
      this.parser.on('data', (r: { record: string[] }) => this.records.length < this.wanted && this.records.push(r.record));
      this.parser.on('error', (err) => (this.failure ??= fileError(`is not valid CSV: ${err.message}`)));
    }
    this.seen += bytes.length;
    this.parser.write(bytes);
    if (this.records.length >= this.wanted || this.seen > SNIFF_LIMIT) this.stop();
  }

  /** Call at the end of the upload; returns the header and sample, or throws a 400 naming `file`. */
  async finish(): Promise<{ headers: string[]; sample: string[][] }> {
    if (this.parser && !this.done) {
      const ended = new Promise<void>((resolve) => {
        this.parser!.once('end', resolve);
        this.parser!.once('error', () => resolve());
      });
      this.parser.resume();
      this.parser.end();
      await ended;
      this.done = true;
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
    if (this.seen === 0) throw fileError('is empty');
    const [header, ...sample] = this.records;
    // The sample is only shown; a cell the database cannot store is shown without its bad characters.
    return { headers: checkHeaders(header ?? []), sample: sample.map((r) => r.map(toStorableText)) };
  }

  private stop(): void {
    this.done = true;
    this.parser?.destroy();
  }
}

export interface CsvRecord {
  record: string[];
  /** Spreadsheet row number (header = 1). */
  row: number;
  /** Bytes of the file read up to the end of this record, for progress. */
  bytes: number;
}

/**
 * Parses a stream of chunks into records. Records are taken in `on_record` as they are parsed
 * instead of through the parser's readable side, because a parse error destroys that side with
 * its buffered records: the good rows before a broken quote would be lost. Memory stays at one
 * chunk's records, since the next chunk is written only when these are consumed.
 */
export async function* csvRecords(chunks: AsyncIterable<Buffer>, delimiter: string): AsyncGenerator<CsvRecord> {
  let parsed: CsvRecord[] = [];
  let failure: Error | null = null;
  const parser = parse({
    ...csvOptions(delimiter),
    info: false,
    on_record: (record: string[], context) => {
      parsed.push({ record, row: rowNumberOf(context), bytes: context.bytes });
      return null; // nothing reaches the readable side
    },
  });
  parser.on('error', (err) => (failure ??= err));
  parser.resume();
  const take = () => {
    const out = parsed;
    parsed = [];
    return out;
  };
  for await (const chunk of chunks) {
    parser.write(chunk);
    yield* take();
    if (failure) throw failure;
  }
  await new Promise((resolve) => {
    parser.once('finish', resolve);
    parser.once('error', resolve);
    parser.end();
  });
  yield* take();
  if (failure) throw failure;
}
