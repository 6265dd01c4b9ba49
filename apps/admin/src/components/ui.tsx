/**
 * The shell's shared pieces: the admin kit's components (states, frames, figures, tables), and a
 * division's name by id (it links into the shell's routes).
 */
import { Link } from 'wouter';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { useTime, useTimeHref } from '../time/useTime';

export {
  DataTable,
  Empty,
  Figure,
  Figures,
  Loading,
  PageError,
  PageTitle,
  QueryError,
  QueryView,
  Section,
  type Column,
} from '@xianzhi/admin-kit';

/** A division named by id, resolved as of the UI's date, linking to its page. */
export function DivisionName({ id }: { id: string | null | undefined }) {
  const trpc = useTRPC();
  const time = useTime();
  const href = useTimeHref();
  const q = useQuery({
    ...trpc.divisions.get.queryOptions({ id: id ?? '', ...time.at }),
    enabled: !!id,
  });
  if (!id) return <span className="muted">—</span>;
  const name = q.data?.name ?? id;
  return <Link href={href(`/divisions/${encodeURIComponent(id)}`)}>{name}</Link>;
}
