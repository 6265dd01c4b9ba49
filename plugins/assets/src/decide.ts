/**
 * The collective assets commands and their decider (a timeline decider: rebuilt as of the date,
 * each event checked as emitted, later events checked again on top).
 *
 * They are recorded on the county's division registry stream (like the talent plugin's first
 * secretaries): "inventoried for a live village" and "handed over to the village it merged into"
 * are rules across the registry and the assets, and a decider sees only its own stream — so the
 * check and the append are atomic. An inventory is a one-off campaign (清产核资) and handovers
 * follow the mergers: the registry stream grows by a few hundred events; the registry's own decider
 * and read models skip event types they do not know.
 */
import { defineCommand, timelineDecider, type RecordedEvent, type Timeline } from '@xianzhi/kernel';
import {
  assetsEvent,
  discrepancyRecorded,
  discrepancyResolved,
  handedOver,
  inventoried,
  recordDiscrepancyInput,
  recordHandoverInput,
  recordInventoryInput,
  registryStream,
  resolveDiscrepancyInput,
} from './index';
import type { RecordDiscrepancy, RecordHandover, RecordInventory, ResolveDiscrepancy } from './index';
import { applyAssetsEvent, emptyAssetsState, type AssetsState } from './model';
import { InvariantViolation } from '@xianzhi/kernel';

const model = { initialState: emptyAssetsState, apply: applyAssetsEvent };
const options = { noun: 'collective assets record', recheck: 'new-conflicts' } as const;

/** The next free id `<prefix>-<county>-<n>` after every id of that kind ever used. */
function numberer(
  history: readonly RecordedEvent[],
  prefix: string,
  idOf: (e: RecordedEvent) => string | undefined,
  countyCode: string,
) {
  const used = new Set(
    history.flatMap((e) => (assetsEvent.is(e) ? [idOf(e)].filter((x): x is string => x !== undefined) : [])),
  );
  let n = used.size;
  return () => {
    let id: string;
    do id = `${prefix}-${countyCode}-${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

export const recordInventory = defineCommand({
  name: 'recordInventory',
  input: recordInventoryInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: RecordInventory, { history, emit }: Timeline<AssetsState>) => {
      const next = numberer(
        history,
        'asset',
        (e) => (inventoried.is(e) ? e.data.entryId : undefined),
        c.countyCode,
      );
      c.entries.forEach((entry, i) => {
        try {
          emit(inventoried.create({ entryId: next(), countyCode: c.countyCode, ...entry }));
        } catch (error) {
          if (c.entries.length === 1 || !(error instanceof InvariantViolation)) throw error;
          throw new InvariantViolation(
            `entries[${i}]: ${error.message}`,
            { ...error.details, path: ['entries', i] },
            { cause: error },
          );
        }
      });
    },
    options,
  ),
});

export const recordHandover = defineCommand({
  name: 'recordHandover',
  input: recordHandoverInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: RecordHandover, { history, emit }: Timeline<AssetsState>) => {
      const handoverId = numberer(
        history,
        'handover',
        (e) => (handedOver.is(e) ? e.data.handoverId : undefined),
        c.countyCode,
      )();
      emit(
        handedOver.create({
          handoverId,
          countyCode: c.countyCode,
          fromVillageId: c.fromVillageId,
          toVillageId: c.toVillageId,
          signer: c.signer,
          items: c.items,
        }),
      );
    },
    options,
  ),
});

export const recordDiscrepancy = defineCommand({
  name: 'recordDiscrepancy',
  input: recordDiscrepancyInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: RecordDiscrepancy, { history, emit }: Timeline<AssetsState>) => {
      const discrepancyId = numberer(
        history,
        'discrepancy',
        (e) => (discrepancyRecorded.is(e) ? e.data.discrepancyId : undefined),
        c.countyCode,
      )();
      emit(
        discrepancyRecorded.create({
          discrepancyId,
          handoverId: c.handoverId,
          kind: c.kind,
          amountFen: c.amountFen,
          note: c.note,
        }),
      );
    },
    options,
  ),
});

export const resolveDiscrepancy = defineCommand({
  name: 'resolveDiscrepancy',
  input: resolveDiscrepancyInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: ResolveDiscrepancy, { emit }: Timeline<AssetsState>) =>
      emit(discrepancyResolved.create({ discrepancyId: c.discrepancyId, resolution: c.resolution })),
    options,
  ),
});

export const assetsCommands = { recordInventory, recordHandover, recordDiscrepancy, resolveDiscrepancy };
