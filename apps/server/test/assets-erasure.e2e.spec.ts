/**
 * The assets plugin's personal field, the signer of a handover (docs/integrity.md §5; subject: the
 * handover), on the real server: sealed on disk from the start, and after the signer's erasure the
 * ledger and the event view read 已删除的个人信息, and neither the store, the cache, its key nor the
 * key store file holds the name as bytes (UTF-8 or UTF-16, as V8 serialises cached states).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED_TEXT } from '@xianzhi/kernel';
import { DEMO, startHarness, type Harness } from './harness';

const SIGNER = '欧阳测签';
const authority = { documentNo: '青农发〔2020〕40号', issuedBy: '青溪县农业农村局' };

let h: Harness;

/** Whether a file (and its WAL) holds the signer's name, as UTF-8 or UTF-16. */
function holdsName(file: string): boolean {
  const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  return bytes.includes(Buffer.from(SIGNER, 'utf8')) || bytes.includes(Buffer.from(SIGNER, 'utf16le'));
}

interface Handover {
  id: string;
  signer: string;
}

const handovers = async () =>
  (await h.platform.runtime.state<{ handovers: Map<string, Handover> }>('assets.ledger')).handovers;

beforeAll(async () => {
  h = await startHarness('assets-erasure');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('assets: the signer of a handover is personal data', () => {
  it('is sealed on disk, and erased: the ledger and the event view read 已删除的个人信息, no file holds the name', async () => {
    const c = h.untyped(h.admin);
    const villages = async (asOf: string) =>
      (await c.query('divisions.list', { level: 'village', rootId: DEMO.code, asOf })) as {
        id: string;
        kind: string;
      }[];
    // A village merged away in the 2020 village mergers, and the one it merged into.
    const after = new Set((await villages('2020-08-31')).map((v) => v.id));
    const gone = (await villages('2020-05-31')).filter((v) => v.kind === '行政村' && !after.has(v.id));
    let from: string | undefined;
    let to: string | undefined;
    for (const v of gone) {
      const next = await h.platform.runtime.query<{ id: string }[] | null>(
        'divisions.history',
        'successors',
        { id: v.id, on: '2020-06-29' },
        { asOf: '2020-08-31' },
      );
      if (next?.[0]) {
        from = v.id;
        to = next[0].id;
        break;
      }
    }
    expect(from, 'a merged village in the demo county').toBeDefined();
    await c.mutation('assets.recordInventory', {
      countyCode: DEMO.code,
      effectiveAt: '2020-05-31',
      authority,
      entries: [{ villageId: from, kind: 'cash', amountFen: 12_345 }],
    });
    await c.mutation('assets.recordHandover', {
      countyCode: DEMO.code,
      effectiveAt: '2020-08-31',
      authority,
      fromVillageId: from,
      toVillageId: to,
      signer: SIGNER,
      items: [{ kind: 'cash', amountFen: 12_345 }],
    });
    const mine = [...(await handovers()).values()].find((x) => x.signer === SIGNER);
    expect(mine, 'the handover, signed in the clear in the read model').toBeDefined();
    const events = (await c.query('events.list', { types: ['assets.handed-over'], limit: 100 })) as {
      rows: { id: string }[];
    };
    const event = events.rows.at(-1)!;
    expect(
      ((await c.query('events.get', { id: event.id })) as { event: { data: { signer: string } } }).event.data
        .signer,
    ).toBe(SIGNER);
    // Sealed on the way in: the store file never held the name.
    expect(holdsName(join(h.dir, 'xianzhi.db'))).toBe(false);

    const officer = h.untyped(await h.token(['personnel:erase'], undefined, '个人信息保护专员'));
    await officer.mutation('personnel.erasePerson', {
      personId: mine!.id,
      reason: '签收人申请删除',
      authority,
    });

    expect((await handovers()).get(mine!.id)?.signer).toBe(ERASED_TEXT);
    expect(
      ((await c.query('events.get', { id: event.id })) as { event: { data: { signer: string } } }).event.data
        .signer,
    ).toBe(ERASED_TEXT);
    // The fact stays: the handover is still complete in the ledger.
    const rows = (await c.query('assets.handovers', { countyCode: DEMO.code })) as {
      handedOverFen: number;
    }[];
    expect(rows.some((r) => r.handedOverFen === 12_345)).toBe(true);

    await h.platform.runtime.stop(); // writes every cached state, as a server does last
    for (const f of ['xianzhi.db', 'projections.db', 'projections.db.key', 'personal-keys.db']) {
      expect(existsSync(join(h.dir, f)), f).toBe(true);
      expect(holdsName(join(h.dir, f)), f).toBe(false);
    }
  }, 180_000);
});
