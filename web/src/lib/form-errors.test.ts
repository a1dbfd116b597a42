import { describe, expect, it } from 'vitest';
import { customPaths, fieldErrors, formErrors } from './form-errors';
import { ApiError } from './http';

const invalid = (fields: { path: string; message: string }[]) => new ApiError(400, 'VALIDATION', 'Invalid input', { fields });

describe('formErrors', () => {
  it('puts each server message beside its input and lists the ones no input shows', () => {
    const e = formErrors(invalid([
      { path: 'email', message: 'must be an email address' },
      { path: 'contactIds.0', message: 'no such contact' },
      { path: 'custom.region', message: 'is required' },
      { path: 'workspaceId', message: 'is not yours' },
    ]), ['email', 'contactIds', ...customPaths([{ key: 'region' }])]);
    expect(e.field('email')).toBe('must be an email address');
    expect(e.field('contactIds')).toBe('no such contact');
    expect(e.field('custom.region')).toBe('is required');
    expect(e.field('phone')).toBeUndefined();
    expect(e.rest).toEqual(['workspaceId: is not yours']);
    expect(e.byPath['contactIds.0']).toBe('no such contact');
  });

  it('shows an error that names no field as itself, and nothing without an error', () => {
    expect(formErrors(new ApiError(409, 'CONFLICT', 'Already sent'), ['name']).rest).toEqual(['Already sent']);
    expect(formErrors(new Error('Cannot reach the server'), []).rest).toEqual(['Cannot reach the server']);
    expect(formErrors(null, ['name'])).toMatchObject({ rest: [], byPath: {} });
  });

  it('sorts messages already keyed by path (a part of a larger form), a message on the whole part going to the rest', () => {
    const e = fieldErrors({ 'where.0.value': 'give a number', '': 'segment 3 does not exist', minCount: 'too many' }, ['where', 'urlPattern']);
    expect(e.field('where.0.value')).toBe('give a number');
    expect(e.field('urlPattern')).toBeUndefined();
    expect(e.rest).toEqual(['segment 3 does not exist', 'minCount: too many']);
  });
});
