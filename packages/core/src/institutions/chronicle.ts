/**
 * How the institutions read in the chronicle: stations devolved to townships (with quotas and
 * staff), moved or withdrawn, and township offices set up or abolished — many of one act told as a
 * count. Wording in chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell, type ChronicleNames } from '@xianzhi/kernel';
import {
  officeAbolished,
  officeEstablished,
  stationDevolved,
  stationReassigned,
  stationStaffingChanged,
  stationWithdrawn,
} from './events';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

/** What the chronicle remembers of a station or an office: its name, department, township. */
const remember = (...parts: string[]) => parts.join('\u0000');
const recall = (names: ChronicleNames, id: string) => {
  const [name = id, department = '', townshipId = ''] = names.name(`institution:${id}`, '').split('\u0000');
  return { name, department, townshipId };
};
const one = (key: string) => ({ tally: { key, count: 1 } });

export const institutionsChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(stationDevolved, {
      notable: true,
      names: (e) => ({
        [`institution:${e.data.stationId}`]: remember(e.data.name, e.data.department, e.data.townshipId),
      }),
      describe: (e, names) => ({
        template: 'stationDevolved',
        params: {
          department: e.data.department,
          station: e.data.name,
          township: names.division(e.data.townshipId),
          quotas: e.data.quotas,
          staff: e.data.staff,
        },
        divisions: [e.data.townshipId],
        ...one('tally.stationDevolved'),
      }),
    }),
    ...tell(stationStaffingChanged, {
      describe: (e, names) => {
        const s = recall(names, e.data.stationId);
        return {
          template: 'stationStaffingChanged',
          params: { station: s.name, quotas: e.data.quotas, staff: e.data.staff },
          divisions: [s.townshipId],
          ...one('tally.stationStaffingChanged'),
        };
      },
    }),
    ...tell(stationReassigned, {
      notable: true,
      names: (e, names) => {
        const s = recall(names, e.data.stationId);
        return { [`institution:${e.data.stationId}`]: remember(s.name, s.department, e.data.townshipId) };
      },
      describe: (e, names) => ({
        template: 'stationReassigned',
        params: {
          station: recall(names, e.data.stationId).name,
          township: names.division(e.data.townshipId),
        },
        divisions: [e.data.townshipId],
        ...one('tally.stationReassigned'),
      }),
    }),
    ...tell(stationWithdrawn, {
      notable: true,
      describe: (e, names) => {
        const s = recall(names, e.data.stationId);
        return {
          template: 'stationWithdrawn',
          params: { station: s.name, department: s.department },
          divisions: [s.townshipId],
        };
      },
    }),
    ...tell(officeEstablished, {
      notable: true,
      names: (e) => ({ [`institution:${e.data.officeId}`]: remember(e.data.name, '', e.data.townshipId) }),
      describe: (e, names) => ({
        template: 'officeEstablished',
        params: { township: names.division(e.data.townshipId), office: e.data.name },
        divisions: [e.data.townshipId],
        ...one('tally.officeEstablished'),
      }),
    }),
    ...tell(officeAbolished, {
      notable: true,
      describe: (e, names) => {
        const o = recall(names, e.data.officeId);
        return {
          template: 'officeAbolished',
          params: { township: names.division(o.townshipId), office: o.name },
          divisions: [o.townshipId],
        };
      },
    }),
  },
);
