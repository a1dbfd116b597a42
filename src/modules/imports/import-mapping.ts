import type { FieldIssue } from '../../lib/app-error.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { MAX_COLUMNS } from './csv-format.js';
import type { ImportKind } from '../../db/schema.js';
import { IMPORT_KIND_SPECS } from './import-kinds.js';
import type { ImportModeInput } from './imports.schema.js';
import { checkOrderMapping, suggestOrderMapping } from '../orders/order-import.js';

// Header spellings seen in exports of other CRMs and spreadsheets, compared after `norm`.
// Keep in step with web/src/imports/mapping.ts, which makes the same guess in the browser.
const CONTACT_ALIASES: Record<string, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename', 'prenom', 'nombre', 'prenume'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nom', 'apellido', 'apellidos', 'nume'],
  email: ['email', 'emailaddress', 'mail', 'email1', 'correo', 'correoelectronico'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'cell', 'telefono', 'telefon'],
  jobTitle: ['jobtitle', 'title', 'position', 'role', 'job', 'cargo', 'puesto', 'functie'],
  birthday: ['birthday', 'birthdate', 'dateofbirth', 'dob', 'cumpleanos', 'fechadenacimiento', 'datanasterii'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'account', 'empresa', 'companie', 'firma'],
  owner: ['owner', 'owneremail', 'assignedto', 'salesrep', 'responsable'],
  tags: ['tags', 'tag', 'labels', 'etiquetas', 'etichete'],
};

// Orders have their own guess and check (orders/order-import.ts): no custom fields, other required columns.
const ALIASES: Record<Exclude<ImportKind, 'orders'>, Record<string, string[]>> = {
  contacts: CONTACT_ALIASES,
  companies: {
    name: ['name', 'company', 'companyname', 'organization', 'organisation', 'account', 'accountname', 'empresa', 'firma'],
    domain: ['domain', 'website', 'web', 'url', 'site', 'companydomain', 'domainname'],
    phone: CONTACT_ALIASES.phone,
    industry: ['industry', 'sector', 'vertical', 'branche'],
    owner: CONTACT_ALIASES.owner,
    tags: CONTACT_ALIASES.tags,
  },
  deals: {
    title: ['title', 'name', 'deal', 'dealname', 'dealtitle', 'opportunity', 'opportunityname'],
    pipeline: ['pipeline', 'pipelinename'],
    stage: ['stage', 'dealstage', 'stagename', 'status'],
    amount: ['amount', 'value', 'dealvalue', 'dealamount', 'price', 'total'],
    currency: ['currency', 'currencycode'],
    closeDate: ['closedate', 'expectedclosedate', 'close', 'closingdate', 'expectedclose'],
    company: CONTACT_ALIASES.company,
    contact: ['contact', 'contactemail', 'email', 'primarycontact', 'person'],
    owner: CONTACT_ALIASES.owner,
    tags: CONTACT_ALIASES.tags,
  },
};

const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** A guess of header → field from the header text; each field is used at most once. */
export function suggestMapping(headers: string[], defs: FieldDefinition[], kind: ImportKind = 'contacts'): Record<string, string> {
  if (kind === 'orders') return suggestOrderMapping(headers);
  const aliases = ALIASES[kind];
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const header of headers) {
    const n = norm(header);
    if (!n) continue;
    let target = Object.keys(aliases).find((field) => aliases[field].includes(n));
    if (!target) {
      const def = defs.find((d) => norm(d.key) === n || norm(d.label) === n || `custom${norm(d.key)}` === n);
      if (def) target = `custom.${def.key}`;
    }
    if (target && !used.has(target)) {
      used.add(target);
      out[header] = target;
    }
  }
  return out;
}

/** Drops skipped columns (empty target), so `{ "Notes": "" }` means "do not import Notes". */
export function cleanMapping(mapping: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([h, f]) => [h, f.trim()]).filter(([, f]) => f !== ''));
}

/** Every problem with a mapping, each naming `mapping.<header>` (or `mapping` when none applies). */
export function checkMapping(headers: string[], mapping: Record<string, string>, defs: FieldDefinition[], mode: ImportModeInput, kind: ImportKind = 'contacts'): FieldIssue[] {
  const spec = IMPORT_KIND_SPECS[kind];
  const modeIssues: FieldIssue[] = spec.modes.includes(mode) ? [] : [{ path: 'mode', message: `${kind} can only be imported with mode ${spec.modes.join(' or ')}` }];
  if (kind === 'orders') return [...checkOrderMapping(headers, mapping), ...modeIssues];
  const issues: FieldIssue[] = [];
  const entries = Object.entries(mapping);
  // Bounded before the loop: each entry may cost a message, and a 5 MB body holds many entries.
  if (entries.length > MAX_COLUMNS) return [{ path: 'mapping', message: `maps ${entries.length} columns; a file has at most ${MAX_COLUMNS}` }];
  const known = new Set<string>([...spec.fields, ...defs.map((d) => `custom.${d.key}`)]);
  const columns = new Set(headers);
  const columnList = headers.length <= 20 ? ` (columns: ${headers.join(', ')})` : '';
  const firstHeaderOf = new Map<string, string>();
  for (const [header, field] of entries) {
    const path = `mapping.${header}`;
    if (!columns.has(header)) issues.push({ path, message: `"${header}" is not a column of the file${columnList}` });
    else if (!known.has(field)) issues.push({ path, message: `unknown field "${field}"; use one of ${[...known].join(', ')}` });
    else if (firstHeaderOf.has(field)) issues.push({ path, message: `"${field}" is already mapped from "${firstHeaderOf.get(field)}"` });
    else firstHeaderOf.set(field, header);
  }
  const mapped = new Set(Object.values(mapping));
  issues.push(...modeIssues);
  if (entries.length === 0) issues.push({ path: 'mapping', message: 'map at least one column to a field' });
  else if (kind === 'contacts' && mode !== 'create' && !mapped.has('email')) {
    issues.push({ path: 'mapping', message: `map a column to "email": mode ${mode} matches existing contacts by email` });
  } else if (kind === 'companies' && !mapped.has('name') && (mode === 'create' || !mapped.has('domain'))) {
    issues.push({ path: 'mapping', message: mode === 'create' ? 'map a column to "name": every company needs one' : 'map a column to "name" or "domain": companies are matched by domain, else by name' });
  } else if (kind === 'deals' && !mapped.has('title')) {
    issues.push({ path: 'mapping', message: 'map a column to "title": every deal needs one' });
  }
  return issues;
}
