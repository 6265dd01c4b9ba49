/**
 * The demo stories of the personnel, services, institutions and reform modules (each in its own
 * module's folder), the county they are told in, and the helpers to record or dry-run a script.
 */
export type { DemoAppend, DemoCommand, DemoCounty, DemoScript, DivisionRef } from './types';
export {
  DEMO_DATES,
  DEMO_TOWNSHIP_DOCUMENT,
  loadDemoCounty,
  syntheticDemoCounty,
  type QueryAsOf,
} from './county';
export { PERSONNEL_TARGETS, personnelDemo, personnelDemoDates, recordPersonnelDemo } from '../personnel/demo';
export {
  SERVICES_TARGETS,
  SMALL_SERVICES,
  servicesDemo,
  recordServicesDemo,
  type ServicesDemoOptions,
} from '../services/demo';
export { INSTITUTIONS_TARGETS, institutionsDemo, recordInstitutionsDemo } from '../institutions/demo';
export { reformDemo, recordReformDemo } from '../reform/demo';
export { recordDemoScript, type ScriptResult } from './record-script';
export { dryRunScript, foldAsOf } from './dry-run';
export { recordStory, type StoryOptions } from './story';
export { apportion, weighted } from './draw';
