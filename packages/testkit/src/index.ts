export { naiveAsOf, naiveQuery } from './naive';
export { deciderSpec, type DeciderThen } from './decider-spec';
export { givenHistory, HistoryQuery, type HistoryItem, type GivenHistoryOptions } from './given-history';
export { toRecorded } from './recorded';
export { openTestPlatform, TEST_NOW, type TestPlatform, type TestPlatformOptions } from './platform';
export {
  testCounty,
  testCountyAdjustments,
  TEST_COUNTY_CODE,
  type TestCounty,
  type TestAdjustment,
} from './test-county';
export { seededRandom, seedFor, type Random } from '@xianzhi/kernel';
export { callerOf, trpcCode, type ProcedureRecord } from './caller';
export { appendedBy, countByType, storedEvents } from './stored';
export { expectRerunWritesNothing, itIsDeterministic, type RecordedDemo } from './demo';
