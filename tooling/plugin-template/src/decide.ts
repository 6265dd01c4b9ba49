/** The __name__ decider. One stream per item (`__name__-<itemId>`): items are independent, so writers never contend. */
import type { z } from 'zod';
import { InvariantViolation, defineCommand, type Decider } from '@xianzhi/kernel';
import { itemRecorded, recordItemInput } from './index';

export const itemDecider: Decider<{ recorded: boolean }, z.output<typeof recordItemInput>> = {
  initialState: () => ({ recorded: false }),
  evolve: (state, event) => (event.type === itemRecorded.type ? { recorded: true } : state),
  decide: ({ effectiveAt, ...item }, state) => {
    if (state.recorded)
      throw new InvariantViolation(`item ${item.itemId} is already recorded; give a new item a new id`);
    return [itemRecorded.create(item, { effectiveAt })];
  },
};

export const recordItem = defineCommand({
  name: 'recordItem',
  input: recordItemInput,
  stream: (input) => `__name__-${input.itemId}`,
  decider: itemDecider,
});
