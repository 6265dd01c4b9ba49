/**
 * The personnel module: persons, posts in the organisations of each division, appointments,
 * dismissals and transfers (single-holder posts checked atomically per county), the roster as of
 * any date and cadre statistics (average age, education, dual role 一肩挑, sources).
 */
import { defineCommand, defineModule } from '@xianzhi/kernel';
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
import { personnelEvents } from './events';
import { personnelRoster } from './roster';

type Base = Pick<PersonnelDecision, 'countyCode' | 'effectiveAt' | 'authority'>;

/** A command of one change: the input minus the decision's fields becomes the change. */
function single<Schema extends z.ZodType<Base>>(name: string, input: Schema, toChange: (rest: Omit<z.output<Schema>, keyof Base>) => PersonnelChange) {
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
export const registerPerson = single('registerPerson', registerPersonInput, (c) => ({ op: 'register-person', ...c }));
export const updatePerson = single('updatePerson', updatePersonInput, (c) => ({ op: 'update-person', ...c }));
export const establishPost = single('establishPost', establishPostInput, (c) => ({ op: 'establish-post', ...c }));
export const abolishPost = single('abolishPost', abolishPostInput, (c) => ({ op: 'abolish-post', ...c }));
export const appointToPost = single('appointToPost', appointToPostInput, (c) => ({ op: 'appoint', ...c }));
export const dismissFromPost = single('dismissFromPost', dismissFromPostInput, (c) => ({ op: 'dismiss', ...c }));
export const transferPerson = single('transferPerson', transferPersonInput, (c) => ({ op: 'transfer', ...c }));

export const personnelModule = defineModule({
  name: 'personnel',
  title: { zh: '干部人事', en: 'Personnel' },
  events: personnelEvents,
  commands: { recordPersonnelDecision, registerPerson, updatePerson, establishPost, abolishPost, appointToPost, dismissFromPost, transferPerson },
  projections: [personnelRoster],
  /** `personnel:erase` is dedicated: erasing personal data (erasePerson) needs it by name; admin does not imply it. */
  scopes: ['personnel:read', 'personnel:write', 'personnel:erase'],
  /** The demo county's personnel story (see demo/personnel.ts); loaded only when the demo is recorded. */
  demo: async (context) => (await import('../demo/hooks')).recordStory(context, 'personnel'),
});

export * from './vocabulary';
export * from './events';
export * from './decision';
export { personnelDecider, type PersonnelHistory } from './decide';
export { ageOn, applyEvent as applyPersonnelEvent, emptyPersonnel, type Person, type Post, type Holding, type Tenure, type PersonnelState } from './model';
export { personnelRoster, type DivisionRoster, type PostRow, type HolderRow, type PersonView } from './roster';
export {
  CADRE_LEVELS,
  cadreStatistics,
  compareCadreStatistics,
  computeStatistics,
  dualRoleCoverage,
  type CadreLevel,
  type CadreStatistics,
  type CadreComparison,
  type DualRoleCoverage,
  type StatisticsInput,
} from './statistics';
