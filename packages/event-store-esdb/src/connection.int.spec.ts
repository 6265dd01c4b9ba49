/**
 * Configuration errors: an unreachable or misconfigured server gives ONE clear error that names
 * XIANZHI_EVENTSTORE and the address, quickly — never a stack of gRPC noise.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { counted, registryV1 } from '@xianzhi/event-store/contract';
import { EsdbConnectionError, isEsdbConnectionString } from './connection';
import { openEsdbEventStore, type EsdbEventStore } from './esdb-store';
import { startProtocolDouble, type EsdbProtocolDouble } from '../test/protocol-double/double';
import { closedPort, silentServer } from '../test/support';

async function openError(
  connectionString: string,
  connectTimeoutMs?: number,
): Promise<{ error: EsdbConnectionError; ms: number }> {
  const start = Date.now();
  try {
    const store = await openEsdbEventStore({
      connectionString,
      registry: registryV1(),
      ...(connectTimeoutMs ? { connectTimeoutMs } : {}),
    });
    await store.close();
  } catch (error) {
    expect(error).toBeInstanceOf(EsdbConnectionError);
    return { error: error as EsdbConnectionError, ms: Date.now() - start };
  }
  throw new Error('expected the connection to fail');
}

function expectOneClearLine(error: Error): void {
  expect(error.message).not.toContain('\n');
  expect(error.message).toContain('(XIANZHI_EVENTSTORE)');
  expect(error.message).not.toMatch(/grpc|at Object\.|node_modules/i);
  expect((error as { cause?: unknown }).cause).toBeUndefined();
}

describe('connection errors', { timeout: 20_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('an unreachable server (closed port) fails at once, naming the setting and the address', async () => {
    const port = await closedPort();
    const { error, ms } = await openError(`esdb://127.0.0.1:${port}?tls=false`);
    expect(error.message).toBe(
      `cannot reach EventStoreDB at esdb://127.0.0.1:${port}?tls=false (XIANZHI_EVENTSTORE): connection refused; check the address and that the server is running`,
    );
    expect(error.setting).toBe('XIANZHI_EVENTSTORE');
    expect(error.address).toBe(`esdb://127.0.0.1:${port}?tls=false`);
    expectOneClearLine(error);
    expect(ms).toBeLessThan(3_000);
  });

  it('a server that never answers times out with the same kind of error', async () => {
    const silent = await silentServer();
    cleanups.push(silent.close);
    const { error, ms } = await openError(`esdb://127.0.0.1:${silent.port}?tls=false`, 500);
    expect(error.message).toMatch(
      /^cannot reach EventStoreDB at esdb:\/\/127\.0\.0\.1:\d+\?tls=false \(XIANZHI_EVENTSTORE\): no answer within 500 ms; /,
    );
    expectOneClearLine(error);
    expect(ms).toBeLessThan(3_000);
  });

  it('TLS on against a server without TLS says to add ?tls=false, and masks the password', async () => {
    const double = await startProtocolDouble();
    cleanups.push(() => double.stop());
    const { error } = await openError(`esdb://admin:changeit@127.0.0.1:${double.port}`);
    expect(error.message).toContain(`esdb://admin:***@127.0.0.1:${double.port}`);
    expect(error.message).not.toContain('changeit');
    expect(error.message).toContain('?tls=false');
    expectOneClearLine(error);
  });

  it('a malformed connection string is refused before any connection', async () => {
    for (const bad of [
      'http://localhost:2113',
      'esdb://localhost:notaport',
      'esdb://localhost:2113?tls=maybe',
    ]) {
      const { error } = await openError(bad);
      expect(error.message).toContain('(XIANZHI_EVENTSTORE)');
      expectOneClearLine(error);
    }
  });

  it('recognises EventStoreDB connection strings', () => {
    expect(isEsdbConnectionString('esdb://localhost:2113?tls=false')).toBe(true);
    expect(isEsdbConnectionString('esdb+discover://cluster.example:2113')).toBe(true);
    expect(isEsdbConnectionString('./data/xianzhi.db')).toBe(false);
    expect(isEsdbConnectionString('sqlite:./x.db')).toBe(false);
  });

  it('a server that goes away after opening gives the same clear error on append and read', async () => {
    const double: EsdbProtocolDouble = await startProtocolDouble();
    cleanups.push(() => double.stop());
    const store: EsdbEventStore = await openEsdbEventStore({
      connectionString: double.connectionString,
      registry: registryV1(),
    });
    cleanups.push(() => store.close());
    await store.append('s', [counted.create({ n: 1 })]);
    await double.stop();
    for (const attempt of [
      () => store.append('s', [counted.create({ n: 2 })]),
      () => store.readAll(),
      () => store.readStream('s'),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EsdbConnectionError);
      expectOneClearLine(error as Error);
      expect((error as Error).message).toContain(double.connectionString);
    }
  });
});
