/** Starts webhook delivery on a platform: the policy the procedures check, and the dispatcher. */
import type { Platform } from '../platform';
import { DEFAULT_SETTINGS, WebhookDispatcher, type WebhookSettings } from './dispatcher';
import { setWebhookPolicy } from './router';
import { parseAllowList } from './targets';

export type WebhookOptions = Partial<WebhookSettings> & { allowSpec?: string };

export async function startWebhooks(
  platform: Pick<Platform, 'store' | 'runtime' | 'modules'>,
  options: WebhookOptions,
  log: (level: 'info' | 'error', message: string, extra?: Record<string, unknown>) => void,
): Promise<WebhookDispatcher> {
  const { allowSpec, ...rest } = options;
  const settings: WebhookSettings = {
    ...DEFAULT_SETTINGS,
    allow: rest.allow ?? parseAllowList(allowSpec),
    ...rest,
  };
  setWebhookPolicy(platform.runtime, {
    allow: settings.allow,
    ...(settings.resolve ? { resolve: settings.resolve } : {}),
    modules: platform.modules,
  });
  const dispatcher = new WebhookDispatcher(
    { store: platform.store, runtime: platform.runtime, modules: platform.modules, log },
    settings,
  );
  await dispatcher.start();
  return dispatcher;
}
