/** The division directory scopes use, backed by the divisions read model `divisions.tree`. */
import type { ProjectionRuntime } from '@xianzhi/projections';
import type { DivisionDirectory } from './scope';

/**
 * @example
 * const scope = new SubtreeScope('510799111', '金水镇', runtimeDivisions(runtime));
 * await scope.contains('510799111203', { asOf: '2019-06-01' });
 */
export function runtimeDivisions(runtime: ProjectionRuntime): DivisionDirectory {
  return {
    within: (rootId, at) => runtime.query<string[]>('divisions.tree', 'within', { rootId }, at),
    under: (rootId, at) => runtime.query<string[]>('divisions.tree', 'under', { rootId }, at),
    resolve: async (ref, at) =>
      (await runtime.query<{ id: string } | null>('divisions.tree', 'get', { id: ref }, at))?.id,
  };
}
