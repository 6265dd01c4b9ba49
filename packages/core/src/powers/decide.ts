/**
 * The power list commands and their decider (a timeline decider: rebuilt as of the date, each event
 * checked as emitted, later events checked again on top).
 *
 * Items are recorded on the county's division registry stream: "listed only for a township that is
 * live on the date" is a rule across the registry and the lists, and a decider sees only its own
 * stream — so the check and the append are atomic. Lists are published a few times a year.
 */
import { defineCommand, timelineDecider, type Timeline } from '@xianzhi/kernel';
import { findPlace } from '@xianzhi/divisions-contract';
import { registryStream } from '../divisions/adjustment';
import { eachChange } from '../command-kit';
import { powerItemAmended, powerItemListed, powerItemWithdrawn, powersEvent } from './events';
import {
  amendPowerItemInput,
  listPowerItemsInput,
  withdrawPowerItemsInput,
  type ListPowerItems,
} from './inputs';
import { applyPowersEvent, emptyPowersState, type PowersState } from './model';
import type { z } from 'zod';

const model = { initialState: emptyPowersState, apply: applyPowersEvent };
const options = { noun: 'power list decision', recheck: 'new-conflicts' } as const;

function list(command: ListPowerItems, { state, history, emit }: Timeline<PowersState>): void {
  const used = new Set(
    history.flatMap((e) => (powersEvent.is(e) && e.type === 'powers.item-listed' ? [e.data.itemId] : [])),
  );
  let n = used.size;
  const nextId = () => {
    let id: string;
    do id = `power-${command.countyCode}-${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  eachChange('items', command.items, (entry) => {
    const { townshipIds, category, ...rest } = entry;
    for (const ref of townshipIds) {
      const townshipId = findPlace(state.divisions, ref)?.id ?? ref;
      emit(
        powerItemListed.create({
          itemId: nextId(),
          countyCode: command.countyCode,
          townshipId,
          ...rest,
          ...(category === undefined ? {} : { category }),
        }),
      );
    }
  });
}

export const listPowerItems = defineCommand({
  name: 'listPowerItems',
  input: listPowerItemsInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(model, list, options),
});

export const amendPowerItem = defineCommand({
  name: 'amendPowerItem',
  input: amendPowerItemInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: z.output<typeof amendPowerItemInput>, { emit }: Timeline<PowersState>) => {
      emit(
        powerItemAmended.create({
          itemId: c.itemId,
          ...(c.title === undefined ? {} : { title: c.title }),
          ...(c.legalBasis === undefined ? {} : { legalBasis: c.legalBasis }),
        }),
      );
    },
    options,
  ),
});

export const withdrawPowerItems = defineCommand({
  name: 'withdrawPowerItems',
  input: withdrawPowerItemsInput,
  stream: (input) => registryStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: z.output<typeof withdrawPowerItemsInput>, { emit }: Timeline<PowersState>) => {
      eachChange(
        'itemIds',
        c.itemIds.map((itemId) => ({ itemId })),
        ({ itemId }) =>
          emit(powerItemWithdrawn.create({ itemId, ...(c.reason ? { reason: c.reason } : {}) })),
      );
    },
    options,
  ),
});

export const powersCommands = { listPowerItems, amendPowerItem, withdrawPowerItems };
