/**
 * The part of the peer's API the projections suite needs beyond ./emmett.ts: its event store
 * consumer (`SQLiteEventStore.consumer`), projection processors and `sqliteProjection`, typed by
 * the small local interfaces below — checked against `dist/index.d.ts` and `dist/index.js` of
 * @event-driven-io/emmett-sqlite 0.42.4:
 *
 * - `store.consumer({ pulling: { batchSize, pullingFrequencyInMs } })` pulls batches with its
 *   `readMessagesBatch` through the store's connection pool; after each batch it waits
 *   `pullingFrequencyInMs` when more events are left (100 ms after the first batch, whatever the
 *   setting), and backs off up to 1 s once caught up;
 * - `consumer.processor({ projection, processorId, startFrom, stopAfter })` adds a projection
 *   processor: per batch one transaction, per message `projection.handle([message])` (when
 *   `canHandle` lists its type) and a checkpoint write (`storeProcessorCheckpoint`);
 * - `consumer.start()` resolves when the puller stops, i.e. once every processor has stopped
 *   (`stopAfter` returned true).
 */
import {
  loadPeer,
  type EmmettSqlite,
  type LoadedPeer,
  type PeerConnection,
  type PeerEventStore,
  type PeerReadEvent,
} from './emmett';

export interface PeerProjectionDefinition {
  name?: string;
  canHandle: string[];
  handle: (events: PeerReadEvent[], context: { connection: PeerConnection }) => Promise<void>;
}

export interface PeerProcessor {
  id: string;
  readonly isActive: boolean;
}

export interface PeerConsumer {
  readonly isRunning: boolean;
  processor(options: {
    processorId?: string;
    projection: PeerProjectionDefinition;
    startFrom?: 'BEGINNING' | 'END' | 'CURRENT' | { globalPosition: bigint };
    stopAfter?: (message: PeerReadEvent) => boolean;
  }): PeerProcessor;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface PeerConsumerStore extends PeerEventStore {
  consumer(options?: { pulling?: { batchSize?: number; pullingFrequencyInMs?: number } }): PeerConsumer;
}

export interface EmmettSqliteConsumers extends EmmettSqlite {
  getSQLiteEventStore(options: Parameters<EmmettSqlite['getSQLiteEventStore']>[0]): PeerConsumerStore;
  sqliteProjection(definition: PeerProjectionDefinition): PeerProjectionDefinition;
}

function hasConsumers(module: EmmettSqlite): module is EmmettSqliteConsumers {
  return typeof (module as unknown as Record<string, unknown>).sqliteProjection === 'function';
}

/** Loads the peer (./emmett.ts installs it on demand) and checks it has consumers and projections. */
export async function loadPeerConsumers(): Promise<{
  module: EmmettSqliteConsumers;
  description: LoadedPeer['description'];
}> {
  const loaded = await loadPeer();
  if (!hasConsumers(loaded.module)) throw new Error('the peer does not export sqliteProjection');
  return { module: loaded.module, description: loaded.description };
}
