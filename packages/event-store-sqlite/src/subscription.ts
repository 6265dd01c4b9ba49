/**
 * A catch-up-then-live subscription over the SQLite log. It reads batches after its checkpoint;
 * once caught up it waits for the next in-process append, and polls `PRAGMA data_version` to see
 * commits made by other processes on the same file.
 */
import type {
  ReadAllOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '@xianzhi/event-store';
import type { RecordedEvent } from '@xianzhi/kernel';

/** What a subscription needs of the store (narrow, so the store and its subscriptions do not import each other). */
export interface SubscriptionHost {
  readonly closed: boolean;
  readonly pollIntervalMs: number;
  headPositionSync(): number;
  readAllSync(options: ReadAllOptions & { toPosition?: number }): RecordedEvent[];
  /** Changes whenever another connection commits to the file. */
  dataVersion(): number;
  /** Resolves at the next in-process append, or after `ms`. */
  waitForAppend(ms: number): { promise: Promise<void>; cancel: () => void };
}

export class SqliteSubscription implements Subscription {
  #position: number;
  #stopped = false;
  #cancelWait: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #resolveCaughtUp!: () => void;
  readonly caughtUp: Promise<void>;
  readonly #batchSize: number;

  constructor(
    private readonly store: SubscriptionHost,
    private readonly options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
    private readonly onStopped: () => void,
  ) {
    this.#position = options.fromPosition ?? 0;
    this.#batchSize = options.batchSize ?? 1000;
    this.caughtUp = new Promise((resolve) => (this.#resolveCaughtUp = resolve));
  }

  get position(): number {
    return this.#position;
  }

  start(): void {
    this.#loop = this.#run().catch((error: unknown) => {
      this.#stopped = true;
      this.#resolveCaughtUp();
      this.onStopped();
      if (this.handler.onError) this.handler.onError(error);
      else console.error('subscription stopped:', error);
    });
  }

  async #run(): Promise<void> {
    const types = this.options.types;
    while (!this.#stopped) {
      // Bound the read by the head so that a filtered read can advance the checkpoint past
      // events it skipped, and so that every batch is a consistent prefix of the log.
      const head = this.store.headPositionSync();
      if (head > this.#position) {
        const batch = this.store.readAllSync({
          fromPosition: this.#position,
          toPosition: head,
          limit: this.#batchSize,
          ...(types ? { types } : {}),
        });
        const reachedHead = batch.length < this.#batchSize;
        if (batch.length > 0) {
          await this.handler.onEvents(batch);
          if (this.#stopped) return;
        }
        this.#position = reachedHead ? head : batch[batch.length - 1]!.position;
        continue;
      }
      this.#resolveCaughtUp();
      this.handler.onLive?.(this.#position);
      // Wait for an in-process append, or poll for another process's commit.
      let version = this.store.dataVersion();
      while (!this.#stopped) {
        const wait = this.store.waitForAppend(this.store.pollIntervalMs);
        this.#cancelWait = wait.cancel;
        await wait.promise;
        this.#cancelWait = undefined;
        if (this.#stopped || this.store.closed) return;
        const now = this.store.dataVersion();
        if (now !== version || this.store.headPositionSync() > this.#position) break;
        version = now;
      }
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) {
      await this.#loop;
      return;
    }
    this.#stopped = true;
    this.#cancelWait?.();
    this.#resolveCaughtUp();
    await this.#loop;
    this.onStopped();
  }
}
