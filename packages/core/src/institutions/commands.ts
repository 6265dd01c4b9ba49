/** The institutions commands. */
import { defineCommand } from '@xianzhi/kernel';
import type { z } from 'zod';
import { institutionsDecider } from './decide';
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

type Base = Pick<InstitutionalChanges, 'countyCode' | 'effectiveAt' | 'authority'>;

function command<Schema extends z.ZodType<Base>>(
  name: string,
  input: Schema,
  toChanges: (rest: Omit<z.output<Schema>, keyof Base>) => InstitutionalChange[],
) {
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

export const recordInstitutionalChanges = command(
  'recordInstitutionalChanges',
  recordInstitutionalChangesInput,
  (c) => c.changes,
);
export const devolveStations = command('devolveStations', devolveStationsInput, (c) =>
  c.stations.map((s) => ({ op: 'devolve-station' as const, ...s })),
);
export const changeStationStaffing = command('changeStationStaffing', changeStationStaffingInput, (c) => [
  { op: 'change-staffing', ...c },
]);
export const reassignStation = command('reassignStation', reassignStationInput, (c) => [
  { op: 'reassign-station', ...c },
]);
export const withdrawStation = command('withdrawStation', withdrawStationInput, (c) => [
  { op: 'withdraw-station', ...c },
]);
export const establishOffices = command('establishOffices', establishOfficesInput, (c) =>
  c.offices.map((o) => ({ op: 'establish-office' as const, ...o })),
);
export const abolishOffice = command('abolishOffice', abolishOfficeInput, (c) => [
  { op: 'abolish-office', ...c },
]);

/** Every institutions command, by name. */
export const institutionsCommands = {
  recordInstitutionalChanges,
  devolveStations,
  changeStationStaffing,
  reassignStation,
  withdrawStation,
  establishOffices,
  abolishOffice,
};
