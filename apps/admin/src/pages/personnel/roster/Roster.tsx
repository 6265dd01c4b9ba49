/** The leadership teams of a township, its villages and groups as of the date: posts, holders since when under which document, vacancies. */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../api/client';
import type { PostRow, TreeNode } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { useTime } from '../../../time/useTime';
import { ExportButtons } from '../../../components/ExportButtons';
import { flatten, useSubtree } from '../../../components/Townships';
import { Empty, Loading, QueryError } from '../../../components/ui';
import { usePostLabel } from '../postLabel';

function PostTable({ posts, testId }: { posts: PostRow[]; testId?: string }) {
  const { t, date } = useI18n();
  const postLabel = usePostLabel();
  return (
    <table className="table compact" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('personnel.post')}</th>
          <th scope="col">{t('personnel.holders')}</th>
          <th scope="col">{t('personnel.since')}</th>
          <th scope="col">{t('personnel.document')}</th>
        </tr>
      </thead>
      <tbody>
        {posts.map((p) => (
          <tr key={p.postId} data-post={p.postId} className={p.vacant ? 'vacant' : ''}>
            <th scope="row">{postLabel(p)}</th>
            <td>
              {p.vacant ? (
                <span className="tag tag-ended">{t('personnel.vacant')}</span>
              ) : (
                p.holders.map((h, i) => (
                  <span key={h.personId} data-testid="roster-holder" title={h.personId}>
                    {i > 0 ? '、' : ''}
                    {h.name}
                  </span>
                ))
              )}
            </td>
            <td className="nowrap">{p.holders.map((h) => date(h.since)).join('、')}</td>
            <td className="doc">
              {p.holders
                .map((h) => h.documentNo ?? '')
                .filter(Boolean)
                .join('、')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Roster({ township }: { township: TreeNode | undefined }) {
  const trpc = useTRPC();
  const { t, num } = useI18n();
  const time = useTime();
  const [vacantOnly, setVacantOnly] = useState(false);
  const subtree = useSubtree(township?.id, time.at);
  const divisions = useMemo(() => flatten(subtree.data), [subtree.data]);
  const ids = divisions.map((d) => d.id);
  const roster = useQuery({
    ...trpc.personnel.roster.queryOptions({
      divisionIds: ids,
      ...(vacantOnly ? { vacantOnly } : {}),
      ...time.at,
    }),
    enabled: ids.length > 0,
  });
  const byId = new Map((roster.data ?? []).map((r) => [r.divisionId, r.posts]));
  const vacancies = (roster.data ?? []).reduce((n, r) => n + r.posts.filter((p) => p.vacant).length, 0);
  const root = subtree.data;
  return (
    <div data-testid="roster">
      <div className="row wrap">
        <label className="check">
          <input
            type="checkbox"
            checked={vacantOnly}
            onChange={(e) => setVacantOnly(e.target.checked)}
            data-testid="roster-vacant-only"
          />{' '}
          {t('personnel.vacantOnly')}
        </label>
        {roster.data && (
          <span className="muted" data-testid="roster-vacancies">
            {t('personnel.vacancies', { n: num(vacancies) })}
          </span>
        )}
        <span className="spacer" />
        {ids.length > 0 && (
          <ExportButtons procedure="personnel.rosterRows" input={{ divisionIds: ids }} withAsOf />
        )}
      </div>
      {(subtree.isPending || roster.isPending) && township && <Loading inline />}
      {subtree.error && <QueryError error={subtree.error} />}
      {roster.error && <QueryError error={roster.error} />}
      {root && roster.data && (
        <>
          <h3>{root.name}</h3>
          {(byId.get(root.id) ?? []).length === 0 ? (
            <Empty>{t('personnel.noPosts')}</Empty>
          ) : (
            <PostTable posts={byId.get(root.id)!} testId="roster-township" />
          )}
          {root.children.map((v) => {
            const own = byId.get(v.id) ?? [];
            const groups = v.children.flatMap((g) =>
              (byId.get(g.id) ?? []).map((p) => ({ ...p, label: `${g.name} ${p.label}` })),
            );
            if (own.length === 0 && groups.length === 0) return null;
            return (
              <div key={v.id} className="roster-village" data-division={v.id}>
                <h3>{v.name}</h3>
                {own.length > 0 && <PostTable posts={own} />}
                {groups.length > 0 && (
                  <details>
                    <summary>
                      {t('personnel.groupLeaders')}（{num(groups.length)}）
                    </summary>
                    <PostTable posts={groups} />
                  </details>
                )}
              </div>
            );
          })}
        </>
      )}
    </div>
  );
}
