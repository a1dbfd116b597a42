import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { detectDelimiter } from './csv-format.js';
import { checkMapping, cleanMapping, suggestMapping } from './import-mapping.js';

const defs = [{ id: 1, entity: 'contact', key: 'lead_source', label: 'Lead source', type: 'text', options: [], required: false, position: 1 }] as FieldDefinition[];

describe('import mapping', () => {
  it('guesses fields from header spellings, custom labels and our own export headers, each once', () => {
    expect(suggestMapping(['E-mail', 'Prénom', 'Surname', 'Organisation', 'Lead Source', 'Email address', 'Notes'], defs)).toEqual({
      'E-mail': 'email', Prénom: 'firstName', Surname: 'lastName', Organisation: 'company', 'Lead Source': 'custom.lead_source',
    });
    expect(suggestMapping(['id', 'firstName', 'jobTitle', 'owner', 'custom.lead_source', 'createdAt'], defs)).toEqual({
      firstName: 'firstName', jobTitle: 'jobTitle', owner: 'owner', 'custom.lead_source': 'custom.lead_source',
    });
  });

  it('names the header of every problem', () => {
    const headers = ['Email', 'Name', 'Other'];
    expect(checkMapping(headers, { Email: 'email', Name: 'firstName' }, defs, 'upsert')).toEqual([]);
    expect(checkMapping(headers, { Email: 'email', Name: 'email', Nope: 'phone', Other: 'custom.x' }, defs, 'upsert').map((i) => i.path)).toEqual(['mapping.Name', 'mapping.Nope', 'mapping.Other']);
    expect(checkMapping(headers, { Name: 'firstName' }, defs, 'update').map((i) => i.path)).toEqual(['mapping']);
    expect(checkMapping(headers, { Name: 'firstName' }, defs, 'create')).toEqual([]);
    expect(cleanMapping({ Email: 'email', Other: ' ' })).toEqual({ Email: 'email' });
  });

  it('detects the delimiter from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('"x,y";b;c\n')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('single\n')).toBe(',');
  });
});
