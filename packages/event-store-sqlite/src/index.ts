export { SqliteEventStore, openSqliteEventStore, type SqliteEventStoreOptions } from './sqlite-store';
