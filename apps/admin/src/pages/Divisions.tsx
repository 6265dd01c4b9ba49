/** Divisions: the county's tree as of the date, and search by name or code. */
import { useDeferredValue, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTRPC } from '../api/client';
import { type TreeNode } from '../api/types';
import { useI18n } from '../i18n';
import { useTime, useTimeHref } from '../time/useTime';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';
import { ExportButtons } from '../components/ExportButtons';

function NodeLabel({ node }: { node: TreeNode }) {
  const { t, label } = useI18n();
  const href = useTimeHref();
  return (
    <>
      <Link href={href(`/divisions/${encodeURIComponent(node.id)}`)} className="node-name">
        {node.name}
      </Link>
      <span className="code">{node.code}</span>
      <span className="tag">{t(`kind.${node.kind}`)}</span>
      {node.classification && (
        <span className="tag tag-class">{label(`class.${node.classification}`, node.classification)}</span>
      )}
    </>
  );
}

/**
 * One division of the tree. Its children come with it (the tree is fetched two levels deep); when
 * opened, its own subtree is fetched two levels deep, so a large county loads as it is explored.
 */
function TreeItem({ node, root = false }: { node: TreeNode; root?: boolean }) {
  const trpc = useTRPC();
  const time = useTime();
  const { t, num } = useI18n();
  const [open, setOpen] = useState(root);
  const sub = useQuery({
    ...trpc.divisions.tree.queryOptions({ rootId: node.id, depth: 2, ...time.at }),
    enabled: open && !root,
  });
  const children = sub.data?.[0]?.children ?? node.children;
  const hasChildren = node.children.length > 0;
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? open : undefined}
      aria-selected={false}
      data-code={node.code}
      data-level={node.level}
    >
      <div className="tree-row">
        {hasChildren ? (
          <button
            type="button"
            className="toggle"
            aria-label={open ? t('tree.collapse') : t('tree.expand')}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="toggle" aria-hidden="true" />
        )}
        <NodeLabel node={node} />
        {hasChildren && (
          <span className="muted small">{t('tree.children', { n: num(node.children.length) })}</span>
        )}
      </div>
      {open && hasChildren && (
        <ul role="group">
          {children.map((c) => (
            <TreeItem key={c.id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Search() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const time = useTime();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q.trim());
  const results = useQuery({
    ...trpc.divisions.search.queryOptions({ q: deferred, limit: 50, ...time.at }),
    enabled: deferred.length > 0,
  });
  return (
    <div className="search">
      <label className="field">
        <span>{t('divisions.search')}</span>
        <input
          type="search"
          data-testid="division-search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('divisions.searchHint')}
        />
      </label>
      {deferred && results.data && (
        <ul className="results" data-testid="search-results">
          {results.data.length === 0 && <li className="muted">{t('divisions.noResults')}</li>}
          {results.data.map((n) => (
            <li key={n.id}>
              <NodeLabel node={n} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default function Divisions() {
  const trpc = useTRPC();
  const { t, date } = useI18n();
  const time = useTime();
  const tree = useQuery({
    ...trpc.divisions.tree.queryOptions({ depth: 2, ...time.at }),
  });
  return (
    <>
      <PageTitle title={t('divisions.title')} subtitle={t('divisions.asOf', { date: date(time.date) })} />
      <Section id="division-search-section" title={t('divisions.searchTitle')}>
        <Search />
      </Section>
      <Section
        id="division-tree"
        title={t('divisions.tree')}
        actions={<ExportButtons procedure="divisions.list" input={{ level: 'township' }} withAsOf />}
      >
        {tree.isPending && <Loading inline />}
        {tree.error && <QueryError error={tree.error} />}
        {tree.data?.length === 0 && <Empty>{t('divisions.empty')}</Empty>}
        {tree.data && tree.data.length > 0 && (
          <ul className="tree" role="tree" aria-label={t('divisions.tree')}>
            {tree.data.map((n) => (
              <TreeItem key={n.id} node={n} root />
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
