export {
  withPersonalData,
  PersonalDataStore,
  UNREADABLE_TEXT,
  type EraseOptions,
  type Erasure,
} from './with-personal-data';
export { SqliteKeyStore, type KeyStore, type SubjectKey } from './key-store';
export { seal, open } from './cipher';
