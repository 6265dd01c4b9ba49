/**
 * The demo stories of the personnel, services, institutions and reform modules: their generators,
 * the county they are told in, and the helpers to record or dry-run a script.
 */
export type { DemoAppend, DemoCommand, DemoCounty, DemoScript, DivisionRef } from './types';
export { DEMO_DATES, DEMO_TOWNSHIP_DOCUMENT, loadDemoCounty, syntheticDemoCounty, type QueryAsOf } from './county';
export { PERSONNEL_TARGETS, personnelDemo, personnelDemoDates } from './personnel';
export { SERVICES_TARGETS, servicesDemo, type ServicesDemoOptions } from './services';
export { INSTITUTIONS_TARGETS, institutionsDemo } from './institutions';
export { reformDemo } from './reform';
export { recordDemoScript, type ScriptResult } from './record-script';
export { dryRunScript, foldAsOf } from './dry-run';
export { recordStory, scriptFor, type StoryModule } from './hooks';
