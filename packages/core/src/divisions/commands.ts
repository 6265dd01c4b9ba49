/** The divisions module's command: one approved adjustment of a county's registry. */
import { defineCommand } from '@xianzhi/kernel';
import { enactAdjustmentInput, registryStream } from './adjustment';
import { registryDecider } from './decide';

export const enactAdjustment = defineCommand({
  name: 'enactAdjustment',
  input: enactAdjustmentInput,
  stream: (input) => registryStream(input.countyCode),
  decider: registryDecider,
});
