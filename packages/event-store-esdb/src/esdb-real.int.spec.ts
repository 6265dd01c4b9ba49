/**
 * The same contract against a real EventStoreDB, when XIANZHI_TEST_ESDB names one, e.g.
 *   XIANZHI_TEST_ESDB=esdb://localhost:2113?tls=false npm test -w @xianzhi/event-store-esdb
 * A real server's `$all` cannot be emptied per test, so each storage is a fresh stream prefix
 * (the adapter then sees only that prefix's streams). Skipped when the variable is unset: there is
 * no server on machines without one, and the protocol double covers the protocol there.
 */
import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { eventStoreContract } from '@xianzhi/event-store/contract';
import { openEsdbEventStore } from './esdb-store';

const server = process.env.XIANZHI_TEST_ESDB;
if (!server) {
  console.log(
    'esdb contract against a real server: skipped — XIANZHI_TEST_ESDB is not set (e.g. esdb://localhost:2113?tls=false)',
  );
}

describe.skipIf(!server)('against a real EventStoreDB server', () => {
  eventStoreContract({
    name: `esdb (real server ${server ?? ''})`,
    contiguousPositions: false,
    timeoutMs: 60_000,
    newStorage() {
      const streamPrefix = `xianzhi-contract-${randomUUID().slice(0, 8)}/`;
      return {
        open: (options) => openEsdbEventStore({ ...options, connectionString: server!, streamPrefix }),
      };
    },
  });
});
