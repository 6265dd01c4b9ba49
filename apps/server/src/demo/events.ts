/**
 * The foundation demo's own small event vocabulary (a preview of the divisions module):
 * townships established, and townships merged by an approved adjustment.
 */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';

export const townshipEstablished = defineEvent(
  'demo.township-established',
  1,
  z.object({
    code: z.string().regex(/^\d{9}$/, { error: 'a 9-digit statistical code' }),
    name: z.string().min(1),
    kind: z.enum(['town', 'xiang', 'subdistrict']),
  }),
);

export const townshipsMerged = defineEvent(
  'demo.townships-merged',
  1,
  z.object({
    sources: z.array(z.string().regex(/^\d{9}$/)).min(1),
    target: z.string().regex(/^\d{9}$/),
  }),
);

export const demoEvents = [townshipEstablished, townshipsMerged];
