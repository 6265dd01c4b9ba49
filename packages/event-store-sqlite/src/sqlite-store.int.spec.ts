import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '@xianzhi/event-store/contract';
import { openSqliteEventStore } from './sqlite-store';

eventStoreContract({
  name: 'sqlite (embedded default)',
  contiguousPositions: true,
  newStorage() {
    const dir = mkdtempSync(join(tmpdir(), 'xianzhi-contract-'));
    const path = join(dir, 'events.db');
    return {
      open: (options) => openSqliteEventStore({ ...options, path }),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
