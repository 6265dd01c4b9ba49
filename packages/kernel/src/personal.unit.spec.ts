import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineEvent } from './define-event';
import { ERASED_TEXT, isSealed } from './personal';
import { EventRegistry } from './registry';
import { redactPersonal, subjectOf } from './erasure';

const schema = z.object({
  personId: z.string(),
  name: z.string().min(1).max(40),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().optional(),
  nickname: z.string().max(4).optional(),
});
const sealed = `pd1:${'A'.repeat(60)}`;

describe('personal fields in defineEvent', () => {
  const registered = defineEvent('test.person-registered', 1, schema, {
    personal: { subject: 'personId', fields: ['name', 'birthDate', 'nickname'] },
  });

  it('keeps the markers, and a definition without them has none', () => {
    expect(registered.personal).toEqual({ subject: 'personId', fields: ['name', 'birthDate', 'nickname'] });
    expect(defineEvent('test.plain', 1, schema).personal).toBeUndefined();
    expect(defineEvent('test.upcast', 2, schema, { 1: (x) => x }).upcasters[1]).toBeTypeOf('function');
    expect(
      defineEvent('test.upcast-opts', 2, schema, { upcasters: { 1: (x) => x } }).upcasters[1],
    ).toBeTypeOf('function');
  });

  it('refuses markers that do not fit the schema, naming them', () => {
    expect(() => defineEvent('test.a', 1, schema, { personal: { subject: 'id', fields: ['name'] } })).toThrow(
      /subject field "id"/,
    );
    expect(() =>
      defineEvent('test.b', 1, schema, { personal: { subject: 'personId', fields: ['surname'] } }),
    ).toThrow(/personal field "surname"/);
    expect(() =>
      defineEvent('test.c', 1, schema, { personal: { subject: 'personId', fields: ['personId'] } }),
    ).toThrow(/both the subject/);
    expect(() =>
      defineEvent('test.d', 1, z.string(), { personal: { subject: 'personId', fields: ['name'] } }),
    ).toThrow(/object schema/);
  });

  it('the stored schema takes a sealed value where a personal field is, and nothing else in its place', () => {
    const r = new EventRegistry([registered]);
    const ok = { personId: 'p1', name: sealed, birthDate: sealed, nickname: sealed };
    expect(r.validateStored(registered.type, ok, []).data).toEqual(ok);
    expect(
      r.validateStored(registered.type, { personId: 'p1', name: '张三', birthDate: '1980-01-02' }, []).data,
    ).toMatchObject({ name: '张三' });
    // the clear schema still refuses a sealed value; the stored one refuses garbage
    expect(() => r.validate(registered.type, ok, ['events', 0])).toThrow(/name/);
    expect(() =>
      r.validateStored(registered.type, { personId: 'p1', name: '张三', birthDate: 'pd1:short' }, [
        'events',
        0,
      ]),
    ).toThrow(/events\.0\.data\.birthDate/);
    expect(() =>
      r.validateStored(
        registered.type,
        { personId: sealed, name: '张三', birthDate: '1980-01-02', note: sealed },
        [],
      ),
    ).not.toThrow();
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed('pd1:')).toBe(false);
  });

  it('redacts the personal fields of a subject and leaves the facts', () => {
    const data = { personId: 'p1', name: '张三', birthDate: '1980-01-02', note: 'x' };
    expect(subjectOf({ data }, registered.personal!)).toBe('p1');
    expect(redactPersonal(data, registered.personal!)).toEqual({
      personId: 'p1',
      name: ERASED_TEXT,
      birthDate: ERASED_TEXT,
      note: 'x',
    });
    expect(data.name).toBe('张三');
  });

  it('every registry knows the erasure event, and which types carry personal fields', () => {
    const r = new EventRegistry([registered]);
    expect(r.has('kernel.personal-data-erased')).toBe(true);
    expect([...r.personalTypes().keys()]).toEqual([registered.type]);
  });
});
