/**
 * The personnel story of the demo county, as personnel decisions (`recordPersonnelDecision`):
 *
 * - 2016–2018: each of the townships' leadership teams (5 posts) is appointed; 2017: every village's
 *   party secretary and committee director (about 40% one person, 一肩挑) and every group leader.
 * - On the township reform day: teams of 7 for the new townships — some leaders stay, some come from
 *   the merged townships (transfers), the rest are new; the posts of merged townships are abolished.
 *   Average age drops by 2.2 years and 74.6% hold a bachelor's degree or higher.
 * - On the village reform day: every village has one person as secretary and director (100% 一肩挑);
 *   the secretaries' average age drops by 6.3 years.
 * - On the group reform day: new group leaders, recruited from returning migrant workers, reserve
 *   cadres and party members.
 * - 2021–2022: a few transfers between townships and degrees earned.
 *
 * Ages are exact by construction (see people.ts), so the statistics computed from the events hit
 * the targets within a rounding step.
 */
import type { DemoContext, Random } from '@xianzhi/kernel';
import { recordStory } from '../../demo/story';
import type { DemoCounty, DemoScript } from '../../demo/types';
import { personnelCommands } from '../commands';
import { Story } from './story';
import { townships } from './townships';
import { groups, villages } from './villages';

export { PERSONNEL_TARGETS, personnelDemoDates } from './story';

/**
 * The personnel demo script for a county (deterministic for a given random source).
 *
 * @example
 * const script = personnelDemo(county, seededRandom(2019));
 * for (const c of script.commands) await executeCommand(context, personnelModule.commands[c.command]!, c.input, { idempotencyKey: c.key });
 */
export function personnelDemo(county: DemoCounty, random: Random): DemoScript {
  const story = new Story(county, random);
  townships(story);
  villages(story);
  groups(story);
  story.commands.sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));
  return {
    module: 'personnel',
    commands: story.commands,
    summary: `干部人事：${story.commands.length} 项任免决定（乡镇领导班子、村“两委”、村民小组长）`,
  };
}

/** The personnel module's `demo` hook: records the story in the demo county. */
export const recordPersonnelDemo = (context: DemoContext): Promise<void> =>
  recordStory(context, personnelDemo, {
    module: 'personnel',
    title: '干部人事',
    commands: personnelCommands,
  });
