/** Test projections: `trace` records the exact fold order; `values` is last-writer-wins per key. */
import { z } from 'zod';
import { EventRegistry, defineEvent, defineProjection, on, type RecordedEvent } from '@xianzhi/kernel';

export const valueSet = defineEvent(
  'prop.value-set',
  1,
  z.object({ key: z.number().int(), value: z.number().int() }),
);
export const valueAdded = defineEvent(
  'prop.value-added',
  1,
  z.object({ key: z.number().int(), n: z.number().int() }),
);
export const noiseRecorded = defineEvent('prop.noise-recorded', 1, z.object({ n: z.number().int() }));

export const registry = () => new EventRegistry([valueSet, valueAdded, noiseRecorded]);

export const trace = defineProjection({
  name: 'prop.trace',
  version: 1,
  initialState: (): string[] => [],
  evolve: {
    'prop.value-set': (s: string[], e: RecordedEvent) => {
      s.push(e.id);
      return s;
    },
    'prop.value-added': (s: string[], e: RecordedEvent) => [...s, e.id],
  },
  queries: { order: (s: string[]) => s, count: (s: string[]) => s.length },
});

type Values = Map<number, number>;
export const values = defineProjection({
  name: 'prop.values',
  version: 1,
  initialState: (): Values => new Map(),
  evolve: {
    ...on(valueSet, (s: Values, e) => s.set(e.data.key, e.data.value)),
    ...on(valueAdded, (s: Values, e) => {
      const { key, n } = e.data;
      return s.set(key, (s.get(key) ?? 0) * 2 + n);
    }),
  },
  queries: {
    get: (s: Values, key: number) => s.get(key),
    all: (s: Values) => [...s.entries()].sort((a, b) => a[0] - b[0]),
  },
});
