/**
 * The institutions module: stations of county departments devolved to townships (下放属地管理) with
 * their staffing quotas and staff, and township offices, public institutions, approval offices and
 * comprehensive enforcement teams — per township and county-wide, as of any date.
 */
import { defineCommand, defineModule } from '@xianzhi/kernel';
import type { z } from 'zod';
import { institutionsDecider } from './decide';
import { institutionsEvents } from './events';
import {
  abolishOfficeInput,
  changeStationStaffingInput,
  devolveStationsInput,
  establishOfficesInput,
  institutionsStream,
  reassignStationInput,
  recordInstitutionalChangesInput,
  withdrawStationInput,
  type InstitutionalChange,
  type InstitutionalChanges,
} from './inputs';
import { institutionsByTownship } from './townships';

type Base = Pick<InstitutionalChanges, 'countyCode' | 'effectiveAt' | 'authority'>;

function command<Schema extends z.ZodType<Base>>(name: string, input: Schema, toChanges: (rest: Omit<z.output<Schema>, keyof Base>) => InstitutionalChange[]) {
  return defineCommand({
    name,
    input,
    stream: (i: z.output<Schema>) => institutionsStream(i.countyCode),
    decider: institutionsDecider((i: z.output<Schema>) => {
      const { countyCode, effectiveAt, authority, ...rest } = i;
      return { countyCode, effectiveAt, ...(authority ? { authority } : {}), changes: toChanges(rest) };
    }),
  });
}

export const recordInstitutionalChanges = command('recordInstitutionalChanges', recordInstitutionalChangesInput, (c) => c.changes);
export const devolveStations = command('devolveStations', devolveStationsInput, (c) => c.stations.map((s) => ({ op: 'devolve-station' as const, ...s })));
export const changeStationStaffing = command('changeStationStaffing', changeStationStaffingInput, (c) => [{ op: 'change-staffing', ...c }]);
export const reassignStation = command('reassignStation', reassignStationInput, (c) => [{ op: 'reassign-station', ...c }]);
export const withdrawStation = command('withdrawStation', withdrawStationInput, (c) => [{ op: 'withdraw-station', ...c }]);
export const establishOffices = command('establishOffices', establishOfficesInput, (c) => c.offices.map((o) => ({ op: 'establish-office' as const, ...o })));
export const abolishOffice = command('abolishOffice', abolishOfficeInput, (c) => [{ op: 'abolish-office', ...c }]);

export const institutionsModule = defineModule({
  name: 'institutions',
  title: { zh: '机构编制', en: 'Institutions' },
  events: institutionsEvents,
  commands: { recordInstitutionalChanges, devolveStations, changeStationStaffing, reassignStation, withdrawStation, establishOffices, abolishOffice },
  projections: [institutionsByTownship],
  /** The demo county's institutions story (see demo/institutions.ts); loaded only when the demo is recorded. */
  demo: async (context) => (await import('../demo/hooks')).recordStory(context, 'institutions'),
});

export * from './vocabulary';
export * from './events';
export * from './inputs';
export { institutionsDecider, type InstitutionsHistory } from './decide';
export { applyInstitutionsEvent, emptyInstitutions, type Station, type Office, type InstitutionsState } from './model';
export { institutionsByTownship, type TownshipRow, type InstitutionTotals, type Staffing } from './townships';
