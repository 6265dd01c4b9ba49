/** Event types the contract suite appends: a small county history, in v1 and v2 of one schema. */
import { z } from 'zod';
import { EventRegistry, defineEvent } from '@xianzhi/kernel';

export const townshipEstablished = defineEvent(
  'contract.township-established',
  1,
  z.object({
    code: z.string().regex(/^\d{9}$/, { error: 'a 9-digit township code' }),
    name: z.string().min(1),
  }),
);

export const townshipsMerged = defineEvent(
  'contract.townships-merged',
  1,
  z.object({ sources: z.array(z.string()).min(1), target: z.string() }),
);

/** Version 1 of a renamed event: `{ code, name }`. */
export const townshipRenamedV1 = defineEvent(
  'contract.township-renamed',
  1,
  z.object({ code: z.string(), name: z.string() }),
);

/** Version 2 splits the name: `{ code, name: { zh, pinyin? } }`, upcast from v1. */
export const townshipRenamedV2 = defineEvent(
  'contract.township-renamed',
  2,
  z.object({ code: z.string(), name: z.object({ zh: z.string(), pinyin: z.string().optional() }) }),
  { 1: (v1) => ({ code: (v1 as { code: string }).code, name: { zh: (v1 as { name: string }).name } }) },
);

export const counted = defineEvent('contract.counted', 1, z.object({ n: z.number().int() }));

export function registryV1(): EventRegistry {
  return new EventRegistry([townshipEstablished, townshipsMerged, townshipRenamedV1, counted]);
}

export function registryV2(): EventRegistry {
  return new EventRegistry([townshipEstablished, townshipsMerged, townshipRenamedV2, counted]);
}
