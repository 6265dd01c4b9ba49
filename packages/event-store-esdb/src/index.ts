export { EsdbEventStore, openEsdbEventStore, type EsdbEventStoreOptions } from './esdb-store';
export { EsdbConnectionError, isEsdbConnectionString } from './connection';
