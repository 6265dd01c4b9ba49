/**
 * Records a county's reform through the API from TypeScript, with the typed tRPC client: preview the
 * document (a POST that writes nothing), then enact it once under an idempotency key, and print every
 * code it assigned. Run from the repository (the types come from the server's router):
 *
 *   XIANZHI_URL=http://127.0.0.1:3000 XIANZHI_TOKEN=$(cat data/admin-token) \
 *     npx tsx docs/examples/record-reform.ts docs/examples/reform-2020-villages.json
 */
import { readFileSync } from 'node:fs';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { EnactAdjustmentInput } from '@xianzhi/core';
import type { AppRouter } from '../../apps/server/src/router';

const url = process.env.XIANZHI_URL ?? 'http://127.0.0.1:3000';
const token = process.env.XIANZHI_TOKEN;
const file = process.argv[2];
if (!token || !file)
  throw new Error('usage: XIANZHI_TOKEN=… npx tsx docs/examples/record-reform.ts <adjustment.json>');

// httpLink sends one request per call: a mutation's input goes in the body, however large.
const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` } })],
});
const document = JSON.parse(readFileSync(file, 'utf8')) as EnactAdjustmentInput;

const preview = await api.divisions.preview.mutate(document);
console.log('before', preview.before.byLevel, 'after', preview.after.byLevel);
for (const c of preview.codes)
  console.log(`  ${c.name ?? c.id}: ${c.previousCode ?? '—'} → ${c.code ?? '—'} (${c.source ?? 'no code'})`);

const result = await api.divisions.enactAdjustment.mutate({
  ...document,
  idempotencyKey: document.authority.documentNo,
});
console.log(
  `${result.replayed ? 'already recorded' : 'recorded'}: ${result.events.length} events, last position ${result.lastPosition}`,
);
for (const a of result.assigned)
  console.log(`  ${a.id} ${a.name ?? ''} ${a.code ?? ''} (${a.source ?? 'no code'})`);
