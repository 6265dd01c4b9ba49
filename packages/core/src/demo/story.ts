/**
 * Recording a module's demo story (the `demo` hook of a module definition): read the demo county
 * from the divisions read models, generate the module's script from the seed, and record it through
 * the DemoContext — commands through their deciders, bulk appends a batch at a time. The modules'
 * hooks call this from their own `demo` files, so the story kit never imports a module.
 */
import { seedFor, seededRandom, type AnyCommand, type DemoContext, type Random } from '@xianzhi/kernel';
import { loadDemoCounty } from './county';
import type { DemoCounty, DemoScript } from './types';

export interface StoryOptions {
  /** The module's name: its commands' owner, and the label its random sequence is drawn under. */
  module: string;
  /** Shown in progress lines (e.g. 干部人事). */
  title: string;
  /** The module's commands, by the names the script uses. */
  commands: Readonly<Record<string, AnyCommand>>;
}

/**
 * Records one module's story in the demo county.
 *
 * @example
 * demo: async (context) => (await import('./demo')).recordReformDemo(context)
 * // reform/demo.ts: recordStory(context, (county, random) => reformDemo(county, random), { module: 'reform', title: '改革方案', commands: reformCommands })
 */
export async function recordStory(
  context: DemoContext,
  script: (county: DemoCounty, random: Random) => DemoScript,
  options: StoryOptions,
): Promise<void> {
  const county = await loadDemoCounty(
    (projection, query, input, at) => context.query(projection, query, input, at),
    { countyCode: context.countyCode },
  );
  // Each module draws from its own stream of the seed, so adding one never changes another's story.
  const {
    commands: steps,
    appends,
    summary,
  } = script(county, seededRandom(seedFor(context.seed, options.module)));
  for (const c of steps) {
    const command = options.commands[c.command];
    if (!command) throw new Error(`module "${options.module}" has no command "${c.command}"`);
    await context.execute(command, c.input, { idempotencyKey: c.key });
  }
  if (appends) {
    let streams = 0;
    for await (const batch of appends()) {
      // issued together: the runtime takes a whole batch in at once (see record-script.ts)
      await context.appendMany(
        batch.map((a) => ({ stream: a.stream, events: a.events, idempotencyKey: a.key })),
      );
      streams += batch.length;
      if (streams % 20_000 === 0) context.log(`${options.title}: ${streams} streams`);
    }
  }
  context.log(summary);
}
