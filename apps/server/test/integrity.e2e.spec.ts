/**
 * Records that prove themselves, over HTTP on the real server (docs/integrity.md):
 * - `integrity.head` gives admins the checkpoint of the log (and only admins);
 * - `personnel.erasePerson` erases a person's personal data: refused without the dedicated scope
 *   (admin included) with nothing written; afterwards no answer of any query procedure — live, as of
 *   any date, as known at any time before — no event view, no export and no SSE message holds their
 *   name or birth date, neither do the store and cache files (as UTF-8 or UTF-16), the facts stay,
 *   the chain still verifies, and a second erasure is a clear error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED_TEXT, EventRegistry } from '@xianzhi/kernel';
import type { ProcedureMeta } from '@xianzhi/api';
import { createAppRouter } from '../src/router';
import { platformModules } from '../src/platform';
import { BUNDLED_PLUGINS } from '../src/modules';
import { verifyLog } from '../src/verify';
import { DEMO, startHarness, type Harness, type ListRow } from './harness';

let h: Harness;
let village: ListRow;

/** A person only this test records, so their name and birth date appear nowhere else. */
const PERSON = {
  personId: 'person-510799-erase-me',
  name: '司马测删',
  renamed: '司马测删甲',
  birthDate: '1971-07-07',
};
const CLEAR = [PERSON.name, PERSON.renamed, PERSON.birthDate];
const authority = { documentNo: '青人社〔2024〕7号', issuedBy: '青溪县人力资源和社会保障局' };

/** The texts of CLEAR found in a string. */
const found = (text: string) => CLEAR.filter((c) => text.includes(c));

/** The texts of CLEAR found in a file and its WAL, as UTF-8 or UTF-16 (V8 writes two-byte strings so). */
function inFile(file: string): string[] {
  const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  return CLEAR.filter(
    (c) => bytes.includes(Buffer.from(c, 'utf8')) || bytes.includes(Buffer.from(c, 'utf16le')),
  );
}

async function code(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCClientError)
      return (error.data as { code?: string } | undefined)?.code ?? error.message;
    throw error;
  }
}

beforeAll(async () => {
  h = await startHarness('integrity');
  const c = h.client(h.admin);
  const townships = (await c.divisions.list.query({ level: 'township', rootId: DEMO.code })) as ListRow[];
  village = (
    (await c.divisions.list.query({ level: 'village', rootId: townships[0]!.code })) as ListRow[]
  )[0]!;
  const writer = h.client(await h.token(['personnel:write'], undefined, '人事科'));
  await writer.personnel.recordPersonnelDecision.mutate({
    countyCode: DEMO.code,
    effectiveAt: '2021-03-01',
    authority: { documentNo: '青委组〔2021〕12号', issuedBy: '中共青溪县委组织部' },
    changes: [
      {
        op: 'register-person',
        personId: PERSON.personId,
        name: PERSON.name,
        gender: 'female',
        birthDate: PERSON.birthDate,
        education: 'bachelor',
        partyMember: true,
        source: 'returning-migrant-worker',
      },
      {
        op: 'establish-post',
        postId: `${village.id}:erase-test`,
        divisionId: village.id,
        organisation: 'village-committee',
        role: 'committee-director',
      },
      { op: 'appoint', personId: PERSON.personId, postId: `${village.id}:erase-test` },
    ],
  });
  await writer.personnel.updatePerson.mutate({
    countyCode: DEMO.code,
    effectiveAt: '2022-01-01',
    personId: PERSON.personId,
    name: PERSON.renamed,
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('integrity.head', () => {
  it('gives admins the checkpoint of the log, which verify accepts; other tokens are refused', async () => {
    const cp = (await h.client(h.admin).integrity.head.query())!;
    expect(cp).toMatchObject({ format: 'xianzhi-checkpoint/1', chain: 'log', position: await h.head() });
    expect(cp.hash).toBe((await h.platform.store.chainHead())!.hash);
    const report = await verifyLog(h.platform.store, h.platform.registry, { checkpoint: cp });
    expect(report.checkpoint?.extended).toBe(true);
    expect(report.faults).toEqual([]);
    expect(await code(h.client(await h.token(['personnel:read'])).integrity.head.query())).toBe('FORBIDDEN');
    expect(await code(h.client().integrity.head.query())).toBe('UNAUTHORIZED');
  }, 60_000);
});

describe('personnel.erasePerson', () => {
  const erase = (token: string, personId = PERSON.personId) =>
    h.client(token).personnel.erasePerson.mutate({
      personId,
      reason: '本人依《个人信息保护法》第四十七条申请删除',
      authority,
    });

  /** Every query procedure, called with each time — the answers as one text. */
  async function everyAnswer(
    times: { asOf?: string; knownAt?: string }[],
  ): Promise<{ text: string; calls: number }> {
    const router = createAppRouter({ scopes: () => h.platform.scopes, modules: h.platform.modules });
    const procs = Object.entries(
      router._def.procedures as unknown as Record<string, { _def: { type: string; meta?: ProcedureMeta } }>,
    ).filter(([, p]) => p._def.type === 'query');
    const inputs: Record<string, unknown> = {
      'personnel.person': { personId: PERSON.personId },
      'personnel.search': { q: '司马' },
      'personnel.roster': { divisionIds: [village.id] },
      'personnel.rosterRows': { divisionIds: [village.id] },
      'personnel.post': { postId: `${village.id}:erase-test` },
      'events.list': { limit: 1000 },
    };
    const client = h.untyped(h.admin);
    let text = '';
    let calls = 0;
    for (const [path] of procs) {
      for (const at of times) {
        const base = inputs[path] ?? {};
        for (const input of [{ ...base, ...at }, base]) {
          calls++;
          try {
            text += JSON.stringify(await client.query(path, input));
          } catch (error) {
            text += error instanceof Error ? error.message : String(error);
          }
        }
      }
    }
    return { text, calls };
  }

  it('is refused without the dedicated scope — admin included — and writes nothing', async () => {
    const writer = await h.token(['personnel:write']);
    const head = await h.head();
    expect(await code(erase(h.admin))).toBe('FORBIDDEN');
    expect(await code(erase(writer))).toBe('FORBIDDEN');
    expect(
      await code(
        h.client().personnel.erasePerson.mutate({ personId: PERSON.personId, reason: 'x', authority }),
      ),
    ).toBe('UNAUTHORIZED');
    expect(await h.head()).toBe(head);
    expect(
      ((await h.client(h.admin).personnel.person.query({ personId: PERSON.personId })) as { name: string })
        .name,
    ).toBe(PERSON.renamed);
  }, 60_000);

  it('erases: no answer, event, export or SSE message holds the name or birth date; the files neither; the facts and the chain stay', async () => {
    const admin = h.client(h.admin);
    const before = new Date().toISOString();
    const times: { asOf?: string; knownAt?: string }[] = [
      {},
      { asOf: '2021-06-01' },
      { asOf: '2022-06-01' },
      { knownAt: before },
      { asOf: '2021-06-01', knownAt: before },
    ];
    // The person is really there before: the checks below can fail.
    const seen = await everyAnswer(times);
    expect(found(seen.text)).toEqual(CLEAR);
    const registered = (
      await admin.events.list.query({ types: ['personnel.person-registered'], limit: 1000 })
    ).rows;
    const mine = [];
    for (const r of registered) {
      const e = await admin.events.get.query({ id: r.id });
      if ((e?.event.data as { personId?: string }).personId === PERSON.personId) mine.push(r.id);
    }
    expect(mine).toHaveLength(1);

    const officer = await h.token(['personnel:erase'], undefined, '个人信息保护专员');
    const erased = await erase(officer);
    expect(erased).toMatchObject({ subject: PERSON.personId, position: await h.head() });

    // Every query procedure, live, as of dates, as known before the erasure.
    const after = await everyAnswer(times);
    expect(after.calls).toBeGreaterThan(100);
    expect(found(after.text)).toEqual([]);
    // The facts stay: the post was held from 2021-03-01 by an erased person.
    const person = (await admin.personnel.person.query({ personId: PERSON.personId })) as {
      name: string;
      birthDate: string;
      career: { postId: string; from: string }[];
    };
    expect(person).toMatchObject({ name: ERASED_TEXT, birthDate: ERASED_TEXT });
    expect(person.career[0]).toMatchObject({ postId: `${village.id}:erase-test`, from: '2021-03-01' });
    const asKnownBefore = (await admin.personnel.person.query({
      personId: PERSON.personId,
      asOf: '2021-06-01',
      knownAt: before,
    })) as { name: string };
    expect(asKnownBefore.name).toBe(ERASED_TEXT);
    // The event view.
    const event = (await admin.events.get.query({ id: mine[0]! }))!.event;
    expect(event.data).toMatchObject({
      personId: PERSON.personId,
      name: ERASED_TEXT,
      birthDate: ERASED_TEXT,
      gender: 'female',
    });
    // Exports (CSV and XLSX) of the roster and the search.
    for (const [path, input] of [
      ['personnel.rosterRows', { divisionIds: [village.id] }],
      ['personnel.search', { q: '已删除' }],
    ] as const) {
      for (const format of ['csv', 'xlsx']) {
        const res = await fetch(
          `${h.url}/export/${path}.${format}?input=${encodeURIComponent(JSON.stringify(input))}&knownAt=${encodeURIComponent(before)}`,
          { headers: { authorization: `Bearer ${h.admin}` } },
        );
        expect(res.status, `${path}.${format}`).toBe(200);
        const body = Buffer.from(await res.arrayBuffer());
        expect(found(body.toString('utf8')), `${path}.${format}`).toEqual([]);
        if (format === 'csv') expect(body.toString('utf8')).toContain(ERASED_TEXT);
      }
    }
    // SSE: the event feed from the start of the log, and the changes feed.
    const messages: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = h.untyped(h.admin).subscription(
        'events.feed',
        { fromPosition: 0 },
        {
          onData: (d) => {
            messages.push(JSON.stringify(d));
            if ((d as { data?: { position?: number } }).data?.position === erased.position) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    expect(messages.length).toBeGreaterThan(10);
    expect(found(messages.join('\n'))).toEqual([]);

    // The chain covers the sealed text: it still verifies.
    const report = await verifyLog(
      h.platform.store,
      new EventRegistry(platformModules(BUNDLED_PLUGINS).flatMap((m) => m.events)),
    );
    expect(report.faults).toEqual([]);
    expect(report.byType['kernel.personal-data-erased']).toBe(1);
  }, 240_000);

  it('a second erasure is a clear error and writes nothing; an unknown person is NOT_FOUND', async () => {
    const officer = await h.token(['personnel:erase'], undefined, '个人信息保护专员2');
    const head = await h.head();
    try {
      await erase(officer);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
      expect((error as Error).message).toMatch(/already erased on \d{4}-\d{2}-\d{2}T.*青人社〔2024〕7号/);
    }
    expect(await code(erase(officer, 'person-510799-nobody'))).toBe('NOT_FOUND');
    expect(await h.head()).toBe(head);
  }, 60_000);

  it('leaves no clear text in the files: the store never held it, the cache no longer does', async () => {
    // Stopping the runtime writes every cached state (the last thing a server does).
    await h.platform.runtime.stop();
    expect(inFile(join(h.dir, 'xianzhi.db'))).toEqual([]);
    expect(inFile(join(h.dir, 'projections.db'))).toEqual([]);
    expect(inFile(join(h.dir, 'personal-keys.db'))).toEqual([]);
  }, 60_000);
});
