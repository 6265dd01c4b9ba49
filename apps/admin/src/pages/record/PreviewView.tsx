/**
 * The preview of an adjustment: counts before and after, the events, every code it assigns (given
 * by the document or generated), the tree with the changes marked.
 */
import { useState } from 'react';
import type { Level, PreviewNode, PreviewResult } from '../../api/types';
import { useI18n } from '../../i18n';

const LEVELS: Level[] = ['township', 'village', 'group'];

function touched(n: PreviewNode): boolean {
  return n.change !== null || n.children.some(touched);
}

function PreviewItem({ node }: { node: PreviewNode }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(touched(node));
  return (
    <li className={node.change ? `change-${node.change}` : ''} data-change={node.change ?? undefined}>
      <div className="tree-row">
        {node.children.length > 0 ? (
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
        <span className="node-name" title={node.fullName}>
          {node.name}
        </span>
        <span className="code">{node.code}</span>
        {node.codeSource && (
          <span className={`tag tag-code-${node.codeSource}`} data-code-source={node.codeSource}>
            {t(`preview.code.${node.codeSource}`)}
          </span>
        )}
        <span className="tag">{label(`kind.${node.kind}`, node.kindLabel)}</span>
        {node.change && (
          <span className={`tag tag-${node.change}`}>{t(`preview.change.${node.change}`)}</span>
        )}
      </div>
      {open && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <PreviewItem key={c.id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function PreviewView({ preview }: { preview: PreviewResult }) {
  const { t, num, change, label } = useI18n();
  return (
    <div className="preview" data-testid="preview">
      <table className="table compact" data-testid="preview-counts">
        <thead>
          <tr>
            <th scope="col">{t('stat.category')}</th>
            <th scope="col" className="num">
              {t('preview.before')}
            </th>
            <th scope="col" className="num">
              {t('preview.after')}
            </th>
            <th scope="col" className="num">
              {t('stat.change')}
            </th>
          </tr>
        </thead>
        <tbody>
          {LEVELS.map((l) => (
            <tr key={l} data-level={l}>
              <th scope="row">{t(`level.${l}`)}</th>
              <td className="num">{num(preview.before.byLevel[l])}</td>
              <td className="num" data-testid={`preview-after-${l}`}>
                {num(preview.after.byLevel[l])}
              </td>
              <td className="num">{change(preview.after.byLevel[l] - preview.before.byLevel[l])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {t('preview.events', { n: num(preview.events.length) })}{' '}
        {preview.events.map((e, i) => (
          <span key={i} className="chip">
            {label(`event.${e.type}`, e.type)}
          </span>
        ))}
      </p>
      {preview.codes.length > 0 && <AssignedCodes codes={preview.codes} />}
      <h3>{t('preview.tree')}</h3>
      <ul className="tree">
        {preview.tree.map((n) => (
          <PreviewItem key={n.id} node={n} />
        ))}
      </ul>
    </div>
  );
}

const SHOWN = 300;

/** The ids and codes an adjustment assigns (or assigned): given by the document or generated. */
export function AssignedCodes({ codes }: { codes: PreviewResult['codes'] }) {
  const { t, num } = useI18n();
  const given = codes.filter((c) => c.source === 'given').length;
  const generated = codes.filter((c) => c.source === 'generated').length;
  return (
    <div data-testid="assigned-codes">
      <h3>{t('preview.codes', { given: num(given), generated: num(generated) })}</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t('preview.codeUnit')}</th>
            <th scope="col">{t('preview.codePrevious')}</th>
            <th scope="col">{t('preview.codeNew')}</th>
            <th scope="col">{t('preview.codeSource')}</th>
          </tr>
        </thead>
        <tbody>
          {codes.slice(0, SHOWN).map((c, i) => (
            <tr key={i} data-code-source={c.source ?? undefined}>
              <td>{c.name ?? <span className="muted">{c.id}</span>}</td>
              <td className="code">{c.previousCode ?? '—'}</td>
              <td className="code">{c.code ?? '—'}</td>
              <td>{c.source ? t(`preview.code.${c.source}`) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {codes.length > SHOWN && (
        <p className="muted">{t('record.moreChanges', { n: num(codes.length - SHOWN) })}</p>
      )}
    </div>
  );
}
