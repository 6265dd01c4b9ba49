/**
 * How the division registry's events read in the chronicle (建置沿革, 大事记): each change one
 * sentence of the wording in chronicle.zh-CN.json / chronicle.en.json, naming every division it
 * touches (so a division's history finds it). Changes of villages and groups are tallied when one
 * adjustment makes many of them.
 */
import { defineChronicle, tell, type ChronicleNames, type ChronicleSentence } from '@xianzhi/kernel';
import {
  CLASSIFICATION_LABEL,
  KIND_LABEL,
  LEVEL_OF,
  boundaryAdjusted,
  divisionAbolished,
  divisionEstablished,
  divisionKindChanged,
  divisionRecoded,
  divisionReclassified,
  divisionRenamed,
  divisionSeatMoved,
  divisionSplit,
  divisionTransferred,
  divisionsMerged,
  type DivisionKind,
  type Move,
} from '@xianzhi/divisions-contract';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

const levelOf = (names: ChronicleNames, id: string) => {
  const kind = names.kind(id) as DivisionKind | undefined;
  return kind === undefined ? undefined : LEVEL_OF[kind];
};

/** Below the township level, many changes of one adjustment are told as a count. */
function tallied(
  names: ChronicleNames,
  id: string,
  what: 'established' | 'merged' | 'changed',
  count: number,
): Pick<ChronicleSentence, 'tally'> {
  const level = levelOf(names, id);
  if (level === 'village' || level === 'group') return { tally: { key: `tally.${what}.${level}`, count } };
  if (level === 'township' && what === 'established')
    return { tally: { key: 'tally.established.township', count } };
  return {};
}

const movedIds = (moves: readonly Move[]) => moves.map((m) => m.id);
const classLabel = (c: string | null) => (c === null ? '' : (CLASSIFICATION_LABEL[c] ?? { zh: c, en: c }));

export const divisionsChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(divisionEstablished, {
      notable: true,
      describe: (e, names) => {
        const level = LEVEL_OF[e.data.kind];
        const under = level === 'village' || level === 'group';
        return {
          template: under && e.data.parentId !== undefined ? 'establishedUnder' : 'established',
          params: { name: e.data.name, parent: names.division(e.data.parentId) },
          // Its parent's history is its own changes: a village set up under a town is in the village's history.
          divisions: [e.data.id],
          ...(level === 'county' ? {} : tallied(names, e.data.id, 'established', 1)),
        };
      },
    }),
    ...tell(divisionsMerged, {
      notable: true,
      describe: (e, names) => ({
        template: 'merged',
        params: {
          sources: e.data.sourceIds.map((id) => names.division(id)),
          target: names.division(e.data.targetId),
        },
        divisions: [...e.data.sourceIds, e.data.targetId, ...movedIds(e.data.moves)],
        ...tallied(names, e.data.targetId, 'merged', e.data.sourceIds.length),
      }),
    }),
    ...tell(divisionSplit, {
      notable: true,
      describe: (e, names) => ({
        template: e.data.sourceEnds ? 'splitEnds' : 'splitKeeps',
        params: {
          source: names.division(e.data.sourceId),
          parts: e.data.partIds.map((id) => names.division(id)),
        },
        divisions: [e.data.sourceId, ...e.data.partIds, ...movedIds(e.data.moves)],
        ...tallied(names, e.data.sourceId, 'changed', 1),
      }),
    }),
    ...tell(divisionAbolished, {
      notable: true,
      describe: (e, names) => ({
        template: e.data.absorbedById === undefined ? 'abolished' : 'abolishedInto',
        params: { name: names.division(e.data.id), target: names.division(e.data.absorbedById) },
        divisions: [
          e.data.id,
          ...(e.data.absorbedById === undefined ? [] : [e.data.absorbedById]),
          ...movedIds(e.data.moves),
        ],
        ...tallied(names, e.data.id, 'merged', 1),
      }),
    }),
    ...tell(divisionRenamed, {
      notable: true,
      describe: (e, names): ChronicleSentence | undefined => {
        const base = { divisions: [e.data.id], ...tallied(names, e.data.id, 'changed', 1) };
        if (e.data.name !== e.data.previousName)
          return {
            template: 'renamed',
            params: { name: e.data.name, previousName: e.data.previousName },
            ...base,
          };
        return e.data.fullName
          ? { template: 'fullNameChanged', params: { name: e.data.name, fullName: e.data.fullName }, ...base }
          : undefined;
      },
    }),
    ...tell(divisionKindChanged, {
      notable: true,
      describe: (e, names) => ({
        template:
          e.data.code !== undefined &&
          e.data.previousCode !== undefined &&
          e.data.code !== e.data.previousCode
            ? 'kindChangedRecoded'
            : 'kindChanged',
        params: {
          name: names.division(e.data.id),
          kind: KIND_LABEL[e.data.kind],
          previousKind: KIND_LABEL[e.data.previousKind],
          code: e.data.code ?? '',
          previousCode: e.data.previousCode ?? '',
        },
        divisions: [e.data.id, ...movedIds(e.data.moves)],
        ...tallied(names, e.data.id, 'changed', 1),
      }),
    }),
    ...tell(divisionRecoded, {
      notable: false,
      describe: (e, names) => ({
        template: 'recoded',
        params: { name: names.division(e.data.id), code: e.data.code, previousCode: e.data.previousCode },
        divisions: [e.data.id],
        ...tallied(names, e.data.id, 'changed', 1),
      }),
    }),
    ...tell(divisionReclassified, {
      notable: true,
      describe: (e, names) => ({
        template: e.data.classification === null ? 'declassified' : 'reclassified',
        params: {
          name: names.division(e.data.id),
          classification: classLabel(e.data.classification),
          previousClassification: classLabel(e.data.previousClassification),
        },
        divisions: [e.data.id],
        ...tallied(names, e.data.id, 'changed', 1),
      }),
    }),
    ...tell(divisionTransferred, {
      notable: true,
      describe: (e, names) => ({
        template: 'transferred',
        params: {
          name: names.division(e.data.id),
          parent: names.division(e.data.parentId),
          previousParent: names.division(e.data.previousParentId),
        },
        divisions: [e.data.id, e.data.parentId, e.data.previousParentId],
        ...tallied(names, e.data.id, 'changed', 1),
      }),
    }),
    ...tell(divisionSeatMoved, {
      notable: true,
      describe: (e, names) => ({
        template: e.data.previousSeat === null ? 'seatSet' : 'seatMoved',
        params: {
          name: names.division(e.data.id),
          seat: e.data.seat,
          previousSeat: e.data.previousSeat ?? '',
        },
        divisions: [e.data.id],
      }),
    }),
    ...tell(boundaryAdjusted, {
      notable: true,
      describe: (e, names) => ({
        template: 'boundaryAdjusted',
        params: {
          from: names.division(e.data.fromId),
          to: names.division(e.data.toId),
          moved: e.data.moves.map((m) => names.division(m.id)),
        },
        divisions: [e.data.fromId, e.data.toId, ...movedIds(e.data.moves)],
      }),
    }),
  },
);
