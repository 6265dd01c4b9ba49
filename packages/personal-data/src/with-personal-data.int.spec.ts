/**
 * withPersonalData over the embedded store: personal fields are sealed before they reach the
 * store, read back in the clear, and after an erasure read as 已删除的个人信息 everywhere while the
 * facts and the hash chain stay; the store and key files hold no clear text or destroyed key.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ERASED_TEXT,
  EventRegistry,
  InvariantViolation,
  NotFoundError,
  ValidationError,
  defineEvent,
  isSealed,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { ChainVerifier } from '@xianzhi/event-store';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { SqliteKeyStore, withPersonalData, type PersonalDataStore } from './index';

const personRegistered = defineEvent(
  'test.person-registered',
  1,
  z.object({
    personId: z.string(),
    name: z.string().trim().min(1).max(40),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    partyMember: z.boolean(),
  }),
  { personal: { subject: 'personId', fields: ['name', 'birthDate'] } },
);
const appointed = defineEvent('test.appointed', 1, z.object({ personId: z.string(), postId: z.string() }));
const registry = () => new EventRegistry([personRegistered, appointed]);
const authority = { documentNo: '青人社〔2024〕7号', issuedBy: '青溪县人力资源和社会保障局' };

const NAME = '欧阳秀英';
const BORN = '1968-03-14';

let dir: string;
let inner: SqliteEventStore;
let keys: SqliteKeyStore;
let store: PersonalDataStore;

function open(): void {
  inner = openSqliteEventStore({ path: join(dir, 'events.db'), registry: registry() });
  keys = new SqliteKeyStore(join(dir, 'keys.db'));
  store = withPersonalData(inner, keys);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xianzhi-personal-'));
  open();
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every byte of a SQLite file and its WAL. */
function bytesOf(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

const register = (personId: string, name = NAME, birthDate = BORN) =>
  store.append('personnel-510799', [
    personRegistered.create({ personId, name, birthDate, partyMember: true }, { effectiveAt: '2019-12-20' }),
    appointed.create({ personId, postId: 'post-1' }),
  ]);

describe('withPersonalData', () => {
  it('seals personal fields before the store, and every read gives them back', async () => {
    const r = await register('p-1');
    expect(r.events[0]!.data).toMatchObject({
      personId: 'p-1',
      name: NAME,
      birthDate: BORN,
      partyMember: true,
    });
    const [raw] = await inner.readAll();
    expect(isSealed((raw!.data as { name: string }).name)).toBe(true);
    expect(isSealed((raw!.data as { birthDate: string }).birthDate)).toBe(true);
    expect((raw!.data as { personId: string }).personId).toBe('p-1');
    const data = (es: RecordedEvent[]) => es[0]!.data;
    expect(data(await store.readAll())).toMatchObject({ name: NAME, birthDate: BORN });
    expect(data(await store.readStream('personnel-510799'))).toMatchObject({ name: NAME });
    expect(data(await store.readEffective({ types: [personRegistered.type] }))).toMatchObject({
      birthDate: BORN,
    });
    const seen: RecordedEvent[] = [];
    const sub = store.subscribe({}, { onEvents: (es) => void seen.push(...es) });
    await sub.caughtUp;
    await sub.stop();
    expect(seen[0]!.data).toMatchObject({ name: NAME });
    await store.close();
    expect(bytesOf(join(dir, 'events.db')).includes(Buffer.from(NAME))).toBe(false);
    expect(bytesOf(join(dir, 'events.db')).includes(Buffer.from(BORN))).toBe(false);
    open();
  });

  it('seals the same value the same way, so an idempotent retry replays', async () => {
    const event = personRegistered.create({
      personId: 'p-2',
      name: NAME,
      birthDate: BORN,
      partyMember: false,
    });
    const first = await store.append('s', [event], { idempotencyKey: 'register-p-2' });
    const retry = await store.append('s', [event], { idempotencyKey: 'register-p-2' });
    expect(retry.replayed).toBe(true);
    expect(retry.events[0]!.id).toBe(first.events[0]!.id);
    expect(retry.events[0]!.data).toMatchObject({ name: NAME });
  });

  it('validates personal fields in the clear, naming the field, and writes nothing', async () => {
    const bad = personRegistered.create({
      personId: 'p-3',
      name: NAME,
      birthDate: '1968-3-14',
      partyMember: true,
    });
    await expect(
      store.append('s', [appointed.create({ personId: 'p', postId: 'x' }), bad]),
    ).rejects.toSatisfy(
      (e) => e instanceof ValidationError && e.issues[0]!.path.join('.') === 'events.1.data.birthDate',
    );
    expect(await inner.headPosition()).toBe(0);
    expect((await keys.keys(['p-3'])).size).toBe(0);
  });

  it('after an erasure every read shows 已删除的个人信息, the facts stay, and the chain still verifies', async () => {
    await register('p-4');
    await register('p-5', '张伟', '1980-01-01');
    const before = await inner.readChain();
    const erasure = await store.erasePersonalData('p-4', {
      reason: '本人依《个人信息保护法》第四十七条申请删除',
      authority,
      actor: 'token:人事科',
    });
    expect(erasure.position).toBeGreaterThan(before.at(-1)!.position);

    const all = await store.readAll();
    const p4 = all.find(
      (e) => e.type === personRegistered.type && (e.data as { personId: string }).personId === 'p-4',
    )!;
    expect(p4.data).toEqual({
      personId: 'p-4',
      name: ERASED_TEXT,
      birthDate: ERASED_TEXT,
      partyMember: true,
    });
    expect(p4.metadata.effectiveAt).toBe('2019-12-20');
    expect(
      all.filter((e) => e.type === appointed.type).map((e) => (e.data as { personId: string }).personId),
    ).toEqual(['p-4', 'p-5']);
    expect(all.find((e) => (e.data as { personId?: string }).personId === 'p-5')!.data).toMatchObject({
      name: '张伟',
    });
    expect((await store.readStream('personnel-510799'))[0]!.data).toMatchObject({ name: ERASED_TEXT });
    expect(all.at(-1)).toMatchObject({
      type: 'kernel.personal-data-erased',
      stream: 'personal-data-p-4',
      data: { subject: 'p-4' },
      metadata: { authority, actor: 'token:人事科' },
    });

    const chain = new ChainVerifier(store.chainScope);
    const links = await store.readChain();
    for (const l of links) chain.add(l);
    expect(chain.faults).toEqual([]);
    // The sealed text in the store is exactly what was hashed before: nothing was rewritten.
    expect(links.slice(0, before.length)).toEqual(before);

    // Nothing new can be written for them; a second erasure is a clear error and writes nothing.
    await expect(register('p-4')).rejects.toSatisfy(
      (e) =>
        e instanceof ValidationError &&
        /was erased on/.test(e.message) &&
        e.issues[0]!.path.join('.') === 'events.0.data.personId',
    );
    const head = await inner.headPosition();
    await expect(store.erasePersonalData('p-4', { reason: '重复', authority })).rejects.toSatisfy(
      (e) => e instanceof InvariantViolation && /already erased on/.test(e.message),
    );
    expect(await inner.headPosition()).toBe(head);
  });

  it('refuses to erase someone with no personal data, or without a reason or authority, and destroys nothing', async () => {
    await register('p-6');
    await expect(store.erasePersonalData('nobody', { reason: 'x', authority })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(store.erasePersonalData('p-6', { reason: ' ', authority })).rejects.toSatisfy(
      (e) =>
        e instanceof ValidationError && e.issues.some((i) => i.path.join('.') === 'events.0.data.reason'),
    );
    await expect(
      store.erasePersonalData('p-6', {
        reason: '申请删除',
        authority: { documentNo: '', issuedBy: '县政府' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await store.readAll())[0]!.data).toMatchObject({ name: NAME });
    expect(await inner.headPosition()).toBe(2);
  });

  it('the key is gone from the key file, and a second store on the same files reads the erasure at once', async () => {
    await register('p-7');
    const key = (await keys.keys(['p-7'])).get('p-7') as { key: Buffer };
    expect(bytesOf(join(dir, 'keys.db')).includes(key.key)).toBe(true);
    // Another process (a second API node, the CLI) with its own handles on the same files.
    const other = withPersonalData(
      openSqliteEventStore({ path: join(dir, 'events.db'), registry: registry() }),
      new SqliteKeyStore(join(dir, 'keys.db')),
    );
    try {
      expect((await other.readStream('personnel-510799'))[0]!.data).toMatchObject({ name: NAME });
      await store.erasePersonalData('p-7', { reason: '申请删除', authority });
      expect((await other.readStream('personnel-510799'))[0]!.data).toMatchObject({
        name: ERASED_TEXT,
        birthDate: ERASED_TEXT,
      });
    } finally {
      await other.close();
    }
    expect(bytesOf(join(dir, 'keys.db')).includes(key.key)).toBe(false);
  });

  it('a sealed value moved to another person does not open', async () => {
    await register('p-8');
    await register('p-9', '李四', '1990-02-02');
    const db = (await import('better-sqlite3')).default;
    await store.close();
    const raw = new db(join(dir, 'events.db'));
    const rows = raw
      .prepare("SELECT position, data FROM events WHERE type = 'test.person-registered' ORDER BY position")
      .raw()
      .all() as [number, string][];
    const p8 = JSON.parse(rows[0]![1]) as { name: string };
    const p9 = JSON.parse(rows[1]![1]) as Record<string, unknown>;
    raw
      .prepare('UPDATE events SET data = ? WHERE position = ?')
      .run(JSON.stringify({ ...p9, name: p8.name }), rows[1]![0]);
    raw.close();
    open();
    const moved = (await store.readAll()).find(
      (e) => (e.data as { personId?: string }).personId === 'p-9' && e.type === personRegistered.type,
    )!;
    expect(moved.data).toMatchObject({ name: '无法解密的个人信息', birthDate: '1990-02-02' });
  });
});
