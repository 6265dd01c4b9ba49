/**
 * A PROTOCOL DOUBLE of EventStoreDB — for tests only.
 *
 * An in-process gRPC server (on @grpc/grpc-js) that registers the client's OWN generated service
 * definitions (`@eventstore/db-client/generated/*_grpc_pb.js`) and answers with the client's own
 * generated protobuf messages. It implements exactly the calls the adapter makes through the real
 * client, in the shapes the client's source (dist/streams/*, dist/Client/*) sends and expects:
 *
 * - ServerFeatures.GetSupportedMethods — so the client picks BatchAppend (or, with
 *   `batchAppend: false`, the older client-streaming Append; `serverFeatures: false` answers
 *   UNIMPLEMENTED like servers before 21.10).
 * - Streams.Read — stream reads (forwards/backwards, from a revision, StreamNotFound), `$all` reads
 *   (from start/end/a position), and catch-up subscriptions to `$all` with stream-name / event-type
 *   filters (regex or prefixes): Confirmation, the events after the checkpoint, CaughtUp, then live.
 * - Streams.Append (client streaming) and Streams.BatchAppend (bidirectional), with expected
 *   revisions (any / no stream / exists / exact), WrongExpectedVersion in each call's encoding, and
 *   MaxAppendSize (1 MiB, the server's default) in each call's encoding.
 *
 * The log is in memory: each event has a stream revision, a commit = prepare position that grows
 * by the record's size (so positions are increasing and NOT contiguous, like byte offsets in
 * ESDB's transaction file), and a `created` time in .NET ticks (100 ns) since the Unix epoch. By
 * default it interleaves system events (`$settings`, `$statsCollected` in `$stats-…`) as a real
 * server does, so readers must filter them. `stop()` / `start()` restart it on the same port with
 * the same log (to test resubscription).
 *
 * What it proves: that the adapter speaks EventStoreDB's gRPC protocol through the official client
 * — the calls, messages, options, positions, errors and the subscription handshake. What it does
 * NOT prove: how a real server behaves beyond that — its storage and durability, clustering and
 * leader changes, ACLs, scavenging, `$all` contents of a real node, its id-based idempotency for
 * repeated event ids (not modelled here), its exact checkpoint cadence on filtered subscriptions,
 * or its performance. Run the same contract suite against a real server for that
 * (XIANZHI_TEST_ESDB=esdb://…).
 */
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import featuresGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import featuresPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb.js';
import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';

/** google-protobuf's Any and Empty, from the very copy the client's generated code uses. */
const clientRequire = createRequire(
  createRequire(import.meta.url).resolve('@eventstore/db-client/package.json'),
);
interface AnyMessage {
  pack(serialized: Uint8Array, name: string, typeUrlPrefix?: string): void;
}
const { Any } = clientRequire('google-protobuf/google/protobuf/any_pb.js') as { Any: new () => AnyMessage };
const { Empty: GoogleEmpty } = clientRequire('google-protobuf/google/protobuf/empty_pb.js') as {
  Empty: new () => object;
};

const { ReadResp: ReadRespMsg, AppendResp: AppendRespMsg, BatchAppendResp: BatchAppendRespMsg } = streamsPb;

export interface ProtocolDoubleOptions {
  /** Advertise BatchAppend in ServerFeatures, as servers ≥ 21.10 do (default true). */
  batchAppend?: boolean;
  /** Answer ServerFeatures at all; false answers UNIMPLEMENTED, as servers before 21.10 (default true). */
  serverFeatures?: boolean;
  /** Largest append, in bytes of data + metadata (default 1 MiB, the server's MaxAppendSize default). */
  maxAppendSize?: number;
  /** Interleave system events in `$all`, as a real server does (default true). */
  systemEvents?: boolean;
  /** Send CaughtUp to catch-up subscriptions, as servers ≥ 23.10 do (default true). */
  caughtUp?: boolean;
  /** The server's clock for `created` (epoch ms; default Date.now) — to make it step back in tests. */
  clock?: () => number;
}

/** One event in the double's log. */
export interface DoubleRecord {
  position: bigint;
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  created: bigint;
}

interface Proposal {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

type Expected = { kind: 'any' | 'no-stream' | 'exists' } | { kind: 'revision'; value: bigint };

type CommitResult =
  | { kind: 'ok'; current: bigint; position: bigint }
  | { kind: 'wrong'; current: bigint }
  | { kind: 'too-big' };

const TICKS_PER_MS = 10_000n;
const STATS_STREAM = '$stats-127.0.0.1:2113';

const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

function uuidString(uuid: UUID | undefined): string {
  if (!uuid) return randomUUID();
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const s = uuid.getStructured()!;
  const buf = Buffer.alloc(16);
  buf.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
  buf.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
  const hex = buf.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function uuidMessage(id: string): UUID {
  const uuid = new sharedPb.UUID();
  uuid.setString(id);
  return uuid;
}

function streamIdentifier(name: string) {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
  return identifier;
}

/** Writes one message, honouring backpressure; false when the call is gone. */
async function send<T>(
  call: ServerWritableStream<ReadReq, T> | ServerDuplexStream<BatchAppendReq, T>,
  message: T,
): Promise<boolean> {
  if (call.cancelled || call.destroyed) return false;
  if (call.write(message)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
  return !call.cancelled && !call.destroyed;
}

export class EsdbProtocolDouble {
  readonly log: DoubleRecord[] = [];
  readonly #streams = new Map<string, DoubleRecord[]>();
  readonly #listeners = new Set<() => void>();
  readonly #options: Required<ProtocolDoubleOptions>;
  /** How often each RPC was called (e.g. to check which append path the client took). */
  readonly calls = { read: 0, subscribe: 0, append: 0, batchAppend: 0, serverFeatures: 0, eventsSent: 0 };
  #nextPosition = 4_096n;
  #commits = 0;
  #server: Server | undefined;
  #port = 0;

  constructor(options: ProtocolDoubleOptions = {}) {
    this.#options = {
      batchAppend: options.batchAppend ?? true,
      serverFeatures: options.serverFeatures ?? true,
      maxAppendSize: options.maxAppendSize ?? 1_048_576,
      systemEvents: options.systemEvents ?? true,
      caughtUp: options.caughtUp ?? true,
      clock: options.clock ?? Date.now,
    };
    if (this.#options.systemEvents) {
      this.#systemEvent('$settings', '$settings', { $userStreamAcl: { $r: '$all' } });
      this.#systemEvent(STATS_STREAM, '$statsCollected', { 'proc-mem': 1 });
    }
  }

  /** Listens on 127.0.0.1 (a free port the first time, the same port after a stop). */
  async start(): Promise<number> {
    if (this.#server) return this.#port;
    const server = new Server();
    server.addService(streamsGrpc.StreamsService, this.#streamsImpl());
    server.addService(featuresGrpc.ServerFeaturesService, this.#featuresImpl());
    this.#port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.#port}`, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.#server = server;
    return this.#port;
  }

  /** Drops every connection and call at once, like a server that goes down. The log is kept. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#listeners.clear();
    server?.forceShutdown();
  }

  get port(): number {
    return this.#port;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.#port}?tls=false`;
  }

  /** The events of one stream (for assertions). */
  stream(name: string): readonly DoubleRecord[] {
    return this.#streams.get(name) ?? [];
  }

  // ─── the log ───────────────────────────────────────────────────────────────────────────────

  #record(stream: string, p: Proposal, created: bigint): DoubleRecord {
    let records = this.#streams.get(stream);
    if (!records) this.#streams.set(stream, (records = []));
    const record: DoubleRecord = {
      position: this.#nextPosition,
      stream,
      revision: BigInt(records.length),
      id: p.id,
      type: p.type,
      contentType: p.contentType,
      data: p.data,
      metadata: p.metadata,
      created,
    };
    // Positions are byte offsets in a real server's transaction file: increasing, with gaps.
    this.#nextPosition += BigInt(
      96 + p.data.length + p.metadata.length + Buffer.byteLength(p.type) + Buffer.byteLength(stream),
    );
    records.push(record);
    this.log.push(record);
    return record;
  }

  #systemEvent(stream: string, type: string, data: object): void {
    this.#record(
      stream,
      {
        id: randomUUID(),
        type,
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(data)),
        metadata: new Uint8Array(),
      },
      BigInt(this.#options.clock()) * TICKS_PER_MS,
    );
  }

  /** Appends atomically after checking the expected revision and the size. */
  #commit(stream: string, expected: Expected, proposals: readonly Proposal[]): CommitResult {
    const size = proposals.reduce((n, p) => n + p.data.length + p.metadata.length, 0);
    if (size > this.#options.maxAppendSize) return { kind: 'too-big' };
    const records = this.#streams.get(stream);
    const current = records && records.length > 0 ? BigInt(records.length - 1) : -1n;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no-stream' && current === -1n) ||
      (expected.kind === 'exists' && current >= 0n) ||
      (expected.kind === 'revision' && expected.value === current);
    if (!ok) return { kind: 'wrong', current };
    if (proposals.length === 0) return { kind: 'ok', current, position: this.#nextPosition };
    const created = BigInt(this.#options.clock()) * TICKS_PER_MS;
    let last: DoubleRecord | undefined;
    for (const p of proposals) last = this.#record(stream, p, created);
    this.#commits++;
    if (this.#options.systemEvents && this.#commits % 3 === 0)
      this.#systemEvent(STATS_STREAM, '$statsCollected', { commits: this.#commits });
    for (const listener of [...this.#listeners]) listener();
    return { kind: 'ok', current: last!.revision, position: last!.position };
  }

  // ─── ServerFeatures ───────────────────────────────────────────────────────────────────────

  #featuresImpl(): UntypedServiceImplementation {
    return {
      getSupportedMethods: (
        _call: ServerUnaryCall<unknown, SupportedMethods>,
        callback: sendUnaryData<SupportedMethods>,
      ) => {
        this.calls.serverFeatures++;
        if (!this.#options.serverFeatures) {
          callback({ code: status.UNIMPLEMENTED, details: 'Method not found' });
          return;
        }
        const streams = 'event_store.client.streams.Streams';
        const methods: [service: string, method: string, features: string[]][] = [
          [streams, 'Read', []],
          [streams, 'Append', []],
          ...(this.#options.batchAppend ? [[streams, 'BatchAppend', []] as [string, string, string[]]] : []),
          ['event_store.client.server_features.ServerFeatures', 'GetSupportedMethods', []],
        ];
        const answer = new featuresPb.SupportedMethods();
        answer.setEventStoreServerVersion('23.10.0 (protocol double)');
        answer.setMethodsList(
          methods.map(([service, method, features]) => {
            const m = new featuresPb.SupportedMethod();
            m.setServiceName(service);
            m.setMethodName(method);
            m.setFeaturesList(features);
            return m;
          }),
        );
        callback(null, answer);
      },
    };
  }

  // ─── Streams ──────────────────────────────────────────────────────────────────────────────

  #streamsImpl(): UntypedServiceImplementation {
    const unimplemented = (_call: unknown, callback: sendUnaryData<unknown>) =>
      callback({ code: status.UNIMPLEMENTED, details: 'not part of the protocol double' });
    return {
      read: (call: ServerWritableStream<ReadReq, ReadResp>) => void this.#read(call),
      append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) =>
        this.#append(call, callback),
      batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.#batchAppend(call),
      delete: unimplemented,
      tombstone: unimplemented,
    };
  }

  #readEvent(record: DoubleRecord): ReadResp {
    this.calls.eventsSent++;
    const recorded = new ReadRespMsg.ReadEvent.RecordedEvent();
    recorded.setId(uuidMessage(record.id));
    recorded.setStreamIdentifier(streamIdentifier(record.stream));
    recorded.setStreamRevision(record.revision.toString());
    recorded.setPreparePosition(record.position.toString());
    recorded.setCommitPosition(record.position.toString());
    const metadata = recorded.getMetadataMap();
    metadata.set('type', record.type);
    metadata.set('created', record.created.toString());
    metadata.set('content-type', record.contentType);
    recorded.setCustomMetadata(record.metadata);
    recorded.setData(record.data);
    const event = new ReadRespMsg.ReadEvent();
    event.setEvent(recorded);
    event.setCommitPosition(record.position.toString());
    const resp = new ReadRespMsg();
    resp.setEvent(event);
    return resp;
  }

  /** The filter of a read or subscription (ReadReq.Options.filter), or undefined for none. */
  #filterOf(options: ReadReq.Options): ((r: DoubleRecord) => boolean) | undefined {
    if (!options.hasFilter()) return undefined;
    const filter = options.getFilter()!;
    const onStream = filter.hasStreamIdentifier();
    const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
    const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
    const prefixes = expression.getPrefixList();
    return (r) => {
      const subject = onStream ? r.stream : r.type;
      if (regex && !regex.test(subject)) return false;
      if (prefixes.length > 0 && !prefixes.some((p) => subject.startsWith(p))) return false;
      return true;
    };
  }

  async #read(call: ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (!options) {
      call.destroy(Object.assign(new Error('options are required'), { code: status.INVALID_ARGUMENT }));
      return;
    }
    const Options = streamsPb.ReadReq.Options;
    const filter = this.#filterOf(options);
    if (options.getCountOptionCase() === Options.CountOptionCase.SUBSCRIPTION) {
      if (options.getStreamOptionCase() !== Options.StreamOptionCase.ALL) {
        call.destroy(
          Object.assign(new Error('stream subscriptions are not part of the protocol double'), {
            code: status.UNIMPLEMENTED,
          }),
        );
        return;
      }
      this.calls.subscribe++;
      await this.#subscribeToAll(call, options.getAll()!, filter);
      return;
    }
    this.calls.read++;
    const count = BigInt(options.getCount() || '0');
    const backwards = options.getReadDirection() === Options.ReadDirection.BACKWARDS;
    let selected: DoubleRecord[];
    if (options.getStreamOptionCase() === Options.StreamOptionCase.STREAM) {
      const streamOptions = options.getStream()!;
      const name = utf8(streamOptions.getStreamIdentifier()!.getStreamName_asU8());
      const records = this.#streams.get(name);
      if (!records) {
        const notFound = new ReadRespMsg.StreamNotFound();
        notFound.setStreamIdentifier(streamIdentifier(name));
        const resp = new ReadRespMsg();
        resp.setStreamNotFound(notFound);
        await send(call, resp);
        call.end();
        return;
      }
      const from = streamOptions.hasRevision()
        ? BigInt(streamOptions.getRevision())
        : streamOptions.hasEnd()
          ? BigInt(records.length - 1)
          : 0n;
      selected = backwards
        ? records.filter((r) => r.revision <= from).reverse()
        : records.filter((r) => r.revision >= from);
    } else {
      const all = options.getAll()!;
      // Forwards from a position includes the event at it; backwards from a position is before it.
      if (all.hasPosition()) {
        const at = BigInt(all.getPosition()!.getCommitPosition());
        selected = backwards
          ? this.log.filter((r) => r.position < at).reverse()
          : this.log.filter((r) => r.position >= at);
      } else if (all.hasEnd()) {
        selected = backwards ? [...this.log].reverse() : [];
      } else {
        selected = backwards ? [] : [...this.log];
      }
      if (filter) selected = selected.filter(filter);
    }
    if (BigInt(selected.length) > count) selected = selected.slice(0, Number(count));
    for (const record of selected) {
      if (!(await send(call, this.#readEvent(record)))) return;
    }
    call.end();
  }

  /** A catch-up subscription: Confirmation, the events after the checkpoint, CaughtUp, then live. */
  async #subscribeToAll(
    call: ServerWritableStream<ReadReq, ReadResp>,
    all: ReadReq.Options.AllOptions,
    filter: ((r: DoubleRecord) => boolean) | undefined,
  ): Promise<void> {
    let cursor: number;
    if (all.hasPosition()) {
      // A subscription from a position starts after it.
      const at = BigInt(all.getPosition()!.getCommitPosition());
      cursor = this.log.findIndex((r) => r.position > at);
      if (cursor < 0) cursor = this.log.length;
    } else {
      cursor = all.hasEnd() ? this.log.length : 0;
    }
    const confirmation = new ReadRespMsg.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const first = new ReadRespMsg();
    first.setConfirmation(confirmation);
    if (!(await send(call, first))) return;
    let caughtUpSent = !this.#options.caughtUp;
    let pumping = false;
    let again = false;
    let gone = false;
    const pump = async () => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          while (!gone && cursor < this.log.length) {
            const record = this.log[cursor++]!;
            if (filter && !filter(record)) continue;
            if (!(await send(call, this.#readEvent(record)))) {
              gone = true;
              return;
            }
          }
          if (!gone && !caughtUpSent) {
            caughtUpSent = true;
            const resp = new ReadRespMsg();
            resp.setCaughtUp(new ReadRespMsg.CaughtUp());
            if (!(await send(call, resp))) gone = true;
          }
        } while (again && !gone);
      } finally {
        pumping = false;
      }
    };
    const listener = () => void pump();
    const leave = () => {
      gone = true;
      this.#listeners.delete(listener);
    };
    call.on('cancelled', leave);
    call.on('close', leave);
    call.on('error', leave);
    this.#listeners.add(listener);
    await pump();
  }

  #proposal(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): Proposal {
    const metadata = message.getMetadataMap();
    return {
      id: uuidString(message.getId()),
      type: metadata.get('type') ?? '',
      contentType: metadata.get('content-type') ?? 'application/octet-stream',
      data: message.getData_asU8(),
      metadata: message.getCustomMetadata_asU8(),
    };
  }

  #append(call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
    this.calls.append++;
    let options: AppendReq.Options | undefined;
    const proposals: Proposal[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposals.push(this.#proposal(req.getProposedMessage()!));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) {
        callback({ code: status.INVALID_ARGUMENT, details: 'the first message must carry the options' });
        return;
      }
      const stream = utf8(options.getStreamIdentifier()!.getStreamName_asU8());
      const expected: Expected = options.hasRevision()
        ? { kind: 'revision', value: BigInt(options.getRevision()) }
        : options.hasNoStream()
          ? { kind: 'no-stream' }
          : options.hasStreamExists()
            ? { kind: 'exists' }
            : { kind: 'any' };
      const result = this.#commit(stream, expected, proposals);
      const resp = new AppendRespMsg();
      switch (result.kind) {
        case 'too-big': {
          // The server answers an oversized Append with an RPC error described in its trailers.
          const trailers = new Metadata();
          trailers.set('exception', 'maximum-append-size-exceeded');
          trailers.set('maximum-append-size', String(this.#options.maxAppendSize));
          callback({
            code: status.INVALID_ARGUMENT,
            details: `Maximum Append Size of ${this.#options.maxAppendSize} Exceeded.`,
            metadata: trailers,
          });
          return;
        }
        case 'wrong': {
          const wrong = new AppendRespMsg.WrongExpectedVersion();
          if (result.current < 0n) wrong.setCurrentNoStream(new sharedPb.Empty());
          else wrong.setCurrentRevision(result.current.toString());
          if (expected.kind === 'revision') wrong.setExpectedRevision(expected.value.toString());
          else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new sharedPb.Empty());
          else if (expected.kind === 'exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
          else wrong.setExpectedAny(new sharedPb.Empty());
          resp.setWrongExpectedVersion(wrong);
          break;
        }
        case 'ok': {
          const success = new AppendRespMsg.Success();
          if (result.current < 0n) success.setNoStream(new sharedPb.Empty());
          else success.setCurrentRevision(result.current.toString());
          const position = new AppendRespMsg.Position();
          position.setCommitPosition(result.position.toString());
          position.setPreparePosition(result.position.toString());
          success.setPosition(position);
          resp.setSuccess(success);
          break;
        }
      }
      callback(null, resp);
    });
  }

  #batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    this.calls.batchAppend++;
    const pending = new Map<string, { options: BatchAppendReq.Options | undefined; proposals: Proposal[] }>();
    call.on('data', (req: BatchAppendReq) => {
      const correlation = req.getCorrelationId();
      const key = uuidString(correlation);
      let batch = pending.get(key);
      if (!batch) pending.set(key, (batch = { options: undefined, proposals: [] }));
      if (req.hasOptions()) batch.options = req.getOptions();
      for (const m of req.getProposedMessagesList()) batch.proposals.push(this.#proposal(m));
      if (!req.getIsFinal()) return;
      pending.delete(key);
      void send(call, this.#batchCommit(correlation, batch.options, batch.proposals));
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  }

  #batchCommit(
    correlation: UUID | undefined,
    options: BatchAppendReq.Options | undefined,
    proposals: Proposal[],
  ): BatchAppendResp {
    const resp = new BatchAppendRespMsg();
    if (correlation) resp.setCorrelationId(correlation);
    const stream = options ? utf8(options.getStreamIdentifier()!.getStreamName_asU8()) : '';
    resp.setStreamIdentifier(streamIdentifier(stream));
    const expected: Expected = !options
      ? { kind: 'any' }
      : options.hasStreamPosition()
        ? { kind: 'revision', value: BigInt(options.getStreamPosition()) }
        : options.hasNoStream()
          ? { kind: 'no-stream' }
          : options.hasStreamExists()
            ? { kind: 'exists' }
            : { kind: 'any' };
    const result = this.#commit(stream, expected, proposals);
    const fail = (
      code: number,
      message: string,
      detail: { serializeBinary(): Uint8Array },
      typeName: string,
    ) => {
      const any = new Any();
      any.pack(detail.serializeBinary(), typeName);
      const rpcStatus = new statusPb.Status();
      rpcStatus.setCode(code);
      rpcStatus.setMessage(message);
      rpcStatus.setDetails(any as never);
      resp.setError(rpcStatus);
    };
    switch (result.kind) {
      case 'too-big': {
        const detail = new sharedPb.MaximumAppendSizeExceeded();
        detail.setMaxappendsize(this.#options.maxAppendSize);
        fail(
          status.INVALID_ARGUMENT,
          'Maximum Append Size Exceeded',
          detail,
          'event_store.client.MaximumAppendSizeExceeded',
        );
        break;
      }
      case 'wrong': {
        const detail = new sharedPb.WrongExpectedVersion();
        const empty = () => new GoogleEmpty() as never;
        if (result.current < 0n) detail.setCurrentNoStream(empty());
        else detail.setCurrentStreamRevision(result.current.toString());
        if (expected.kind === 'revision') detail.setExpectedStreamPosition(expected.value.toString());
        else if (expected.kind === 'no-stream') detail.setExpectedNoStream(empty());
        else if (expected.kind === 'exists') detail.setExpectedStreamExists(empty());
        else detail.setExpectedAny(empty());
        fail(
          status.FAILED_PRECONDITION,
          'Wrong expected version',
          detail,
          'event_store.client.WrongExpectedVersion',
        );
        break;
      }
      case 'ok': {
        const success = new BatchAppendRespMsg.Success();
        if (result.current < 0n) success.setNoStream(new GoogleEmpty() as never);
        else success.setCurrentRevision(result.current.toString());
        const position = new sharedPb.AllStreamPosition();
        position.setCommitPosition(result.position.toString());
        position.setPreparePosition(result.position.toString());
        success.setPosition(position);
        resp.setSuccess(success);
        break;
      }
    }
    return resp;
  }
}

/** Starts a fresh double on a free port. */
export async function startProtocolDouble(options?: ProtocolDoubleOptions): Promise<EsdbProtocolDouble> {
  const double = new EsdbProtocolDouble(options);
  await double.start();
  return double;
}
