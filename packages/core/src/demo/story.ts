/**
 * The `demo` hooks of the personnel, services, institutions and reform modules (the plugin
 * contract's `ModuleDefinition.demo`): read the demo county from the divisions read models, generate
 * the module's script from the seed, and record it through the DemoContext — commands through their
 * deciders, bulk appends a batch at a time. Loaded lazily by the modules, so the server never loads
 * the generators unless it records the demo.
 */
import type { DemoContext, ModuleDefinition } from '@xianzhi/kernel';
import { institutionsModule } from '../institutions';
import { personnelModule } from '../personnel';
import { reformModule } from '../reform';
import { servicesModule } from '../services';
import { loadDemoCounty } from './county';
import { institutionsDemo } from './institutions';
import { personnelDemo } from './personnel';
import { seededRandom, type Random } from './random';
import { reformDemo } from './reform';
import { servicesDemo, type ServicesDemoOptions } from './services';
import type { DemoCounty, DemoScript } from './types';

export type StoryModule = 'personnel' | 'services' | 'institutions' | 'reform';

const MODULES: Record<StoryModule, ModuleDefinition> = {
  personnel: personnelModule,
  services: servicesModule,
  institutions: institutionsModule,
  reform: reformModule,
};

/** Each module draws from its own stream of the seed, so adding one never changes another's story. */
function randomFor(seed: number, module: string): Random {
  let h = seed >>> 0;
  for (const ch of module) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return seededRandom(h);
}

export function scriptFor(module: StoryModule, county: DemoCounty, random: Random, options: { services?: ServicesDemoOptions } = {}): DemoScript {
  switch (module) {
    case 'personnel':
      return personnelDemo(county, random);
    case 'services':
      return servicesDemo(county, random, options.services);
    case 'institutions':
      return institutionsDemo(county, random);
    case 'reform':
      return reformDemo(county, random);
  }
}

/** The services demo at `scale: 'small'`: every point and month, a sixty-sixth of the requests. */
export const SMALL_SERVICES: ServicesDemoOptions = { requests: 3_000 };

/**
 * Records one module's story in the demo county (scaled down when `context.scale` is `small`,
 * unless `options` say otherwise).
 *
 * @example
 * defineModule({ name: 'personnel', …, demo: (context) => recordStory(context, 'personnel') });
 */
export async function recordStory(context: DemoContext, module: StoryModule, options: { services?: ServicesDemoOptions } = {}): Promise<void> {
  const county = await loadDemoCounty((projection, query, input, at) => context.query(projection, query, input, at), { countyCode: context.countyCode });
  const services = options.services ?? (context.scale === 'small' ? SMALL_SERVICES : undefined);
  const script = scriptFor(module, county, randomFor(context.seed, module), services ? { services } : {});
  const definition = MODULES[module];
  for (const c of script.commands) {
    const command = definition.commands[c.command];
    if (!command) throw new Error(`module "${module}" has no command "${c.command}"`);
    await context.execute(command, c.input, { idempotencyKey: c.key });
  }
  if (script.appends) {
    let streams = 0;
    for await (const batch of script.appends()) {
      // issued together: the runtime takes a whole batch in at once (see record-script.ts)
      await context.appendMany(batch.map((a) => ({ stream: a.stream, events: a.events, idempotencyKey: a.key })));
      streams += batch.length;
      if (streams % 20_000 === 0) context.log(`${definition.title.zh}: ${streams} streams`);
    }
  }
  context.log(script.summary);
}
