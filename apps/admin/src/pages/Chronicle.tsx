/**
 * The chronicle (县志): a division's 建置沿革, the 大事记 of a period, and the reform report between
 * two dates — previewed as the office will file them, under the global as-of / known-at controls,
 * with downloads as DOCX (公文 layout), Markdown and HTML. Every text comes from the server
 * (chronicle.*), computed from the events.
 */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { toHtml, type ChronicleDocument } from '@xianzhi/chronicle';
import { useTRPC } from '../api/client';
import { useI18n } from '../i18n';
import { useTime } from '../time/useTime';
import { Loading, PageTitle, QueryError, Section } from '../components/ui';

type Text = 'history' | 'events' | 'report';
const TEXTS: Text[] = ['history', 'events', 'report'];

function download(name: string, data: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const base64Bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export default function Chronicle() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useI18n();
  const time = useTime();
  const [text, setText] = useState<Text>('report');
  const [division, setDivision] = useState('');
  const [county, setCounty] = useState('');
  const [from, setFrom] = useState('2019-01-01');
  const [to, setTo] = useState('');
  const [lang, setLang] = useState<'zh' | 'en'>('zh');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // the county by default: the first root of the tree as of the date
  const roots = useQuery(trpc.divisions.tree.queryOptions({ depth: 0, ...time.at }));
  const countyRef = county || roots.data?.[0]?.code || roots.data?.[0]?.id || '';
  const until = to || time.date;
  const input =
    text === 'history'
      ? ({ text, id: division || countyRef, lang, ...time.at } as const)
      : text === 'events'
        ? ({ text, county: countyRef, from, to: until, lang, ...time.at } as const)
        : ({
            text,
            county: countyRef,
            from,
            to: until,
            lang,
            ...(time.knownAt ? { knownAt: time.knownAt } : {}),
          } as const);
  const ready = countyRef !== '' && (text === 'history' || from <= until);
  const history = useQuery({
    ...trpc.chronicle.history.queryOptions(
      text === 'history' ? { id: input.text === 'history' ? input.id : '', lang, ...time.at } : { id: '' },
    ),
    enabled: ready && text === 'history',
  });
  const events = useQuery({
    ...trpc.chronicle.events.queryOptions({ county: countyRef, from, to: until, lang, ...time.at }),
    enabled: ready && text === 'events',
  });
  const report = useQuery({
    ...trpc.chronicle.report.queryOptions({
      county: countyRef,
      from,
      to: until,
      lang,
      ...(time.knownAt ? { knownAt: time.knownAt } : {}),
    }),
    enabled: ready && text === 'report',
  });
  const q = text === 'history' ? history : text === 'events' ? events : report;
  const doc: ChronicleDocument | undefined = q.data?.document;

  const docx = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const file = await queryClient.fetchQuery(trpc.chronicle.docx.queryOptions(input));
      download(
        file.filename,
        base64Bytes(file.base64),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={t('chronicle.title')} subtitle={t('chronicle.subtitle')} />
      <Section title={t('chronicle.choose')}>
        <div className="tabs" role="tablist">
          {TEXTS.map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              aria-selected={text === x}
              className={text === x ? 'link active' : 'link'}
              data-testid={`chronicle-tab-${x}`}
              onClick={() => setText(x)}
            >
              {t(`chronicle.${x}`)}
            </button>
          ))}
        </div>
        <div className="row chronicle-controls">
          {text === 'history' ? (
            <label>
              {t('chronicle.division')}
              <input
                value={division}
                placeholder={countyRef}
                onChange={(e) => setDivision(e.target.value.trim())}
                data-testid="chronicle-division"
              />
            </label>
          ) : (
            <>
              <label>
                {t('chronicle.county')}
                <input
                  value={county}
                  placeholder={countyRef}
                  onChange={(e) => setCounty(e.target.value.trim())}
                />
              </label>
              <label>
                {t('chronicle.from')}
                <input
                  type="date"
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                  data-testid="chronicle-from"
                />
              </label>
              <label>
                {t('chronicle.to')}
                <input
                  type="date"
                  value={until}
                  onChange={(e) => setTo(e.target.value)}
                  data-testid="chronicle-to"
                />
              </label>
            </>
          )}
          <label>
            {t('chronicle.lang')}
            <select value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'zh')}>
              <option value="zh">中文</option>
              <option value="en">English</option>
            </select>
          </label>
        </div>
        {!ready && text !== 'history' && <p className="muted">{t('chronicle.badRange')}</p>}
      </Section>
      <Section
        title={doc?.title ?? t('chronicle.preview')}
        actions={
          <>
            <button
              type="button"
              disabled={!doc || busy}
              onClick={() => void docx()}
              data-testid="chronicle-docx"
            >
              {t('chronicle.downloadDocx')}
            </button>{' '}
            <button
              type="button"
              disabled={!q.data}
              onClick={() =>
                q.data &&
                download(`${doc?.title ?? 'chronicle'}.md`, q.data.markdown, 'text/markdown;charset=utf-8')
              }
            >
              {t('chronicle.downloadMarkdown')}
            </button>{' '}
            <button
              type="button"
              disabled={!doc}
              onClick={() =>
                doc && download(`${doc.title}.html`, toHtml(doc, { lang }), 'text/html;charset=utf-8')
              }
            >
              {t('chronicle.downloadHtml')}
            </button>
          </>
        }
      >
        {failure !== null && <QueryError error={failure} />}
        {q.isFetching && !q.data && <Loading />}
        {q.error && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
        {/* The server writes the HTML from the events and escapes every value in it. */}
        {q.data && (
          <div
            className="chronicle-preview"
            data-testid="chronicle-preview"
            dangerouslySetInnerHTML={{ __html: q.data.html }}
          />
        )}
      </Section>
    </>
  );
}
