/**
 * The shared EventStore contract, run against the adapter talking gRPC (through the official
 * client) to the in-process protocol double — a fresh double per storage, since `$all` is shared.
 * Twice: as a current server (BatchAppend, CaughtUp) and as one before 21.10 (no ServerFeatures,
 * so the client falls back to the client-streaming Append; no CaughtUp on subscriptions).
 */
import { describe, expect, it } from 'vitest';
import { eventStoreContract, counted, registryV1 } from '@xianzhi/event-store/contract';
import { openEsdbEventStore } from './esdb-store';
import { startProtocolDouble, type ProtocolDoubleOptions } from '../test/protocol-double/double';

const OLD_SERVER: ProtocolDoubleOptions = { serverFeatures: false, caughtUp: false };

for (const [name, options] of [
  ['esdb (protocol double)', {}],
  ['esdb (protocol double as a server before 21.10: Append, no CaughtUp)', OLD_SERVER],
] as const) {
  eventStoreContract({
    name,
    contiguousPositions: false,
    async newStorage() {
      const double = await startProtocolDouble(options);
      return {
        open: (o) => openEsdbEventStore({ ...o, connectionString: double.connectionString }),
        dispose: () => double.stop(),
      };
    },
  });
}

describe('the append call the client picks', () => {
  it.each([
    ['BatchAppend when the server advertises it', {}, 'batchAppend'],
    ['Append when the server has no ServerFeatures', OLD_SERVER, 'append'],
    ['Append when the server does not advertise BatchAppend', { batchAppend: false }, 'append'],
  ] as const)('%s', async (_, options, expected) => {
    const double = await startProtocolDouble(options);
    const store = await openEsdbEventStore({
      connectionString: double.connectionString,
      registry: registryV1(),
    });
    try {
      await store.append('s', [counted.create({ n: 1 })]);
      expect(double.calls[expected]).toBeGreaterThan(0);
      expect(double.calls[expected === 'append' ? 'batchAppend' : 'append']).toBe(0);
    } finally {
      await store.close();
      await double.stop();
    }
  });
});
