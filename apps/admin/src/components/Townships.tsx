/** The county's townships as of a date (for pickers), and a picker that keeps a valid choice. */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { type TreeNode } from '../api/types';
import type { TimeParams } from '../time/useTime';

/** The townships of the (first) county as of `at`, in registry order. */
export function useTownships(at: TimeParams) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.divisions.tree.queryOptions({ depth: 1, ...at }),
    select: (data) => (data[0]?.children ?? []).filter((d) => d.level === 'township'),
  });
}

/** A division and everything under it, two levels deep (a township's villages and their groups). */
export function useSubtree(rootId: string | undefined, at: TimeParams) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.divisions.tree.queryOptions({ rootId: rootId ?? '', depth: 2, ...at }),
    enabled: !!rootId,
    select: (data) => data[0] ?? null,
  });
}

/** Every division of a subtree, depth first (the root, then each village followed by its groups). */
export function flatten(node: TreeNode | null | undefined): TreeNode[] {
  if (!node) return [];
  return [node, ...node.children.flatMap(flatten)];
}

export function TownshipSelect({
  townships,
  value,
  onChange,
  label,
  testId,
}: {
  townships: TreeNode[];
  value: string | undefined;
  onChange: (id: string) => void;
  label: string;
  testId?: string;
}) {
  return (
    <label className="field inline">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {townships.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
