import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EventRegistry,
  ValidationError,
  asOfBound,
  countyDate,
  defineEvent,
  knownAtBound,
  nextCountyMidnight,
  parseEffectiveAt,
} from './index';

describe('time model primitives', () => {
  it('maps a date to the start of that day in UTC+8 and normalises instants to UTC', () => {
    expect(parseEffectiveAt('2019-12-20')).toEqual({
      text: '2019-12-20',
      ms: Date.parse('2019-12-19T16:00:00Z'),
    });
    expect(parseEffectiveAt('2019-12-20T09:30:00+08:00')).toEqual({
      text: '2019-12-20T01:30:00.000Z',
      ms: Date.parse('2019-12-20T01:30:00Z'),
    });
    for (const bad of ['2019-02-30', '2019-13-01', '20191220', '2019-12-20T09:30', 'yesterday', ''])
      expect(parseEffectiveAt(bad)).toBeUndefined();
  });

  it('treats "as of a date" as the end of that day, and an instant as itself', () => {
    expect(asOfBound('2019-12-20')).toBe(parseEffectiveAt('2019-12-21')!.ms - 1);
    expect(asOfBound('2019-12-20T00:00:00+08:00')).toBe(parseEffectiveAt('2019-12-20')!.ms);
    expect(asOfBound(undefined, () => 42)).toBe(42);
    expect(() => asOfBound('2019-13-01')).toThrow(ValidationError);
    expect(() => knownAtBound('soon')).toThrow(/knownAt/);
  });

  it('knows the county calendar day and the next county midnight', () => {
    const ms = Date.parse('2024-06-30T20:00:00Z'); // 2024-07-01 04:00 in UTC+8
    expect(countyDate(ms)).toBe('2024-07-01');
    expect(nextCountyMidnight(ms)).toBe(parseEffectiveAt('2024-07-02')!.ms);
    expect(nextCountyMidnight(parseEffectiveAt('2024-07-02')!.ms - 1)).toBe(
      parseEffectiveAt('2024-07-02')!.ms,
    );
  });
});

describe('event definitions', () => {
  it('validates names, versions and upcasters, and upcasts old data on read', () => {
    expect(() => defineEvent('Bad Name', 1, z.object({}))).toThrow(/module.past-tense-verb/);
    expect(() => defineEvent('x.renamed', 2, z.object({}))).toThrow(/no upcaster from version 1/);
    const v2 = defineEvent('x.renamed', 2, z.object({ name: z.object({ zh: z.string() }) }), {
      1: (d) => ({ name: { zh: (d as { name: string }).name } }),
    });
    const registry = new EventRegistry([v2]);
    expect(registry.needsUpcast('x.renamed', 1)).toBe(true);
    expect(registry.upcast('x.renamed', 1, { name: '䢺江镇' })).toEqual({ name: { zh: '䢺江镇' } });
    expect(() => registry.validate('x.renamed', { name: 'old shape' }, ['events', 0])).toThrow(
      ValidationError,
    );
    expect(() => registry.validate('x.unknown', {}, ['events', 0])).toThrow(/unknown event type/);
    expect(() => registry.register(defineEvent('x.renamed', 1, z.object({})))).toThrow(/registered twice/);
  });
});
