/** Imports of national data into the division registry. */
export {
  BUNDLED_SNAPSHOTS,
  CHINA_DIVISION_SNAPSHOTS,
  LATEST_SNAPSHOT,
  bundledSnapshotDir,
  type BundledSnapshot,
} from './snapshots';
export {
  IMPORT_ACTOR,
  NBS_ISSUER,
  importChinaDivision,
  importKey,
  normalizeVillageName,
  readChinaDivision,
  snapshotVersion,
  type ChinaDivisionImportOptions,
  type ChinaDivisionImportResult,
  type ChinaDivisionSnapshot,
  type ImportProgress,
  type SnapshotCounty,
  type SnapshotTownship,
  type SnapshotVillage,
} from './china-division';
export { ImportFormatError, readCsv, splitCsvLine, type CsvRow } from './csv';
export {
  emptyCounts,
  inferChanges,
  nameSimilarity,
  INFERRED_KINDS,
  type Inference,
  type InferredCounts,
  type InferredKind,
  type RegistryCounty,
  type RegistryUnit,
  type RegistryVillage,
} from './infer';
export {
  historyKey,
  importChinaDivisionHistory,
  registryCounty,
  type CountyHistory,
  type HistoryImportOptions,
  type HistoryImportResult,
  type HistoryProgress,
  type HistoryStep,
} from './history';
