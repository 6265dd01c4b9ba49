/** The personnel commands: a decision of several changes, and the one-change shorthands. */
import { defineCommand } from '@xianzhi/kernel';
import type { z } from 'zod';
import {
  abolishPostInput,
  appointToPostInput,
  dismissFromPostInput,
  establishPostInput,
  personnelStream,
  recordPersonnelDecisionInput,
  registerPersonInput,
  transferPersonInput,
  updatePersonInput,
  type PersonnelChange,
  type PersonnelDecision,
} from './decision';
import { personnelDecider } from './decide';

type Base = Pick<PersonnelDecision, 'countyCode' | 'effectiveAt' | 'authority'>;

/** A command of one change: the input minus the decision's fields becomes the change. */
function single<Schema extends z.ZodType<Base>>(
  name: string,
  input: Schema,
  toChange: (rest: Omit<z.output<Schema>, keyof Base>) => PersonnelChange,
) {
  return defineCommand({
    name,
    input,
    stream: (i: z.output<Schema>) => personnelStream(i.countyCode),
    decider: personnelDecider((i: z.output<Schema>) => {
      const { countyCode, effectiveAt, authority, ...rest } = i;
      return { countyCode, effectiveAt, ...(authority ? { authority } : {}), changes: [toChange(rest)] };
    }),
  });
}

/** A decision of several changes in order, all or nothing (e.g. one 任免通知). */
export const recordPersonnelDecision = defineCommand({
  name: 'recordPersonnelDecision',
  input: recordPersonnelDecisionInput,
  stream: (input) => personnelStream(input.countyCode),
  decider: personnelDecider((input: PersonnelDecision) => input),
});
export const registerPerson = single('registerPerson', registerPersonInput, (c) => ({
  op: 'register-person',
  ...c,
}));
export const updatePerson = single('updatePerson', updatePersonInput, (c) => ({ op: 'update-person', ...c }));
export const establishPost = single('establishPost', establishPostInput, (c) => ({
  op: 'establish-post',
  ...c,
}));
export const abolishPost = single('abolishPost', abolishPostInput, (c) => ({ op: 'abolish-post', ...c }));
export const appointToPost = single('appointToPost', appointToPostInput, (c) => ({ op: 'appoint', ...c }));
export const dismissFromPost = single('dismissFromPost', dismissFromPostInput, (c) => ({
  op: 'dismiss',
  ...c,
}));
export const transferPerson = single('transferPerson', transferPersonInput, (c) => ({
  op: 'transfer',
  ...c,
}));

/** Every personnel command, by name. */
export const personnelCommands = {
  recordPersonnelDecision,
  registerPerson,
  updatePerson,
  establishPost,
  abolishPost,
  appointToPost,
  dismissFromPost,
  transferPerson,
};
