/**
 * The chronicle as a module: its read model over the given modules' chronicle entries, and its
 * procedures — `history` (建置沿革), `events` (大事记), `report` (the reform report), each answering
 * the document with its Markdown and HTML, and `docx` (any of them as a DOCX, base64). Every one
 * takes asOf/knownAt and keeps a token limited to a division to the texts of its divisions.
 *
 * Built by the composition root from the enabled modules, so a plugin's chronicle entry is told
 * without anyone editing this module.
 */
import { z } from 'zod';
import { defineModule, type ChronicleLanguage, type ModuleDefinition } from '@xianzhi/kernel';
import { asOfShape, defineProcedure, withinOf, type ApiContext, type TRPCRouterRecord } from '@xianzhi/api';
import { TRPCError } from '@trpc/server';
import { chronicleEntries } from './entries';
import { toHtml, toMarkdown, type ChronicleDocument } from './document';
import { toDocx } from './docx';
import { eventsDocument, historyDocument } from './texts';
import { reportDocument, reportFigures, type ReportFigures } from './report';
import { wordingOf, type Wording } from './tell';

const M = 'chronicle';
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date such as 2019-12-20' });
const ref = z.string().trim().min(1).max(80);
const lang = z.enum(['zh', 'en']).optional();

export const historyInput = z.object({ id: ref, lang, ...asOfShape });
export const eventsInput = z.object({
  county: ref,
  from: date,
  to: date,
  all: z.boolean().optional(),
  lang,
  ...asOfShape,
});
export const reportInput = z.object({ county: ref, from: date, to: date, lang, knownAt: asOfShape.knownAt });
export const docxInput = z.discriminatedUnion('text', [
  historyInput.extend({ text: z.literal('history'), size: z.enum(['large', 'small']).optional() }),
  eventsInput.extend({ text: z.literal('events'), size: z.enum(['large', 'small']).optional() }),
  reportInput.extend({ text: z.literal('report'), size: z.enum(['large', 'small']).optional() }),
]);

export interface ChronicleText {
  document: ChronicleDocument;
  markdown: string;
  /** The document as an HTML fragment (an `<article>`), for a preview. */
  html: string;
}

const notFound = (what: string) => new TRPCError({ code: 'NOT_FOUND', message: what });
const text = (document: ChronicleDocument, l: ChronicleLanguage = 'zh'): ChronicleText => ({
  document,
  markdown: toMarkdown(document),
  html: toHtml(document, { lang: l, fragment: true }),
});
const at = (i: { asOf?: string | undefined; knownAt?: string | undefined }) => ({
  ...(i.asOf === undefined ? {} : { asOf: i.asOf }),
  ...(i.knownAt === undefined ? {} : { knownAt: i.knownAt }),
});

interface Texts {
  history(ctx: ApiContext, input: z.output<typeof historyInput>): Promise<ChronicleDocument>;
  events(ctx: ApiContext, input: z.output<typeof eventsInput>): Promise<ChronicleDocument>;
  report(
    ctx: ApiContext,
    input: z.output<typeof reportInput>,
  ): Promise<{ figures: ReportFigures; document: ChronicleDocument }>;
}

function texts(wording: Wording, enabled: ReadonlySet<string>): Texts {
  return {
    async history(ctx, input) {
      const within = await withinOf(ctx, at(input));
      const doc = await historyDocument(ctx.runtime, wording, {
        ...input,
        ...(within === undefined ? {} : { within }),
      });
      if (!doc) throw notFound(`division ${input.id} does not exist as of ${input.asOf ?? 'today'}`);
      return doc;
    },
    async events(ctx, input) {
      const within = await withinOf(ctx, { ...at(input), asOf: input.asOf ?? input.to });
      const doc = await eventsDocument(ctx.runtime, wording, {
        ...input,
        ...(within === undefined ? {} : { within }),
      });
      if (!doc) throw notFound(`county ${input.county} does not exist as of ${input.asOf ?? input.to}`);
      return doc;
    },
    async report(ctx, input) {
      const limited = ctx.scope?.kind === 'subtree' ? ctx.scope : undefined;
      const figures = await reportFigures(ctx.runtime, {
        ...input,
        enabled: (m) => enabled.has(m),
        ...(limited
          ? {
              rootId: limited.rootId,
              within: (a) =>
                withinOf(ctx, {
                  ...(a.asOf === undefined ? {} : { asOf: String(a.asOf) }),
                  ...(a.knownAt === undefined ? {} : { knownAt: String(a.knownAt) }),
                }),
            }
          : {}),
      });
      if (!figures) throw notFound(`county ${input.county} does not exist as of ${input.to}`);
      return { figures, document: reportDocument(figures, input.lang ?? 'zh') };
    },
  };
}

const FILE = { history: '建置沿革', events: '大事记', report: '改革情况报告' } as const;

/** The procedures over the given wording; `enabled` names the modules whose read models run. */
export function chronicleRouter(wording: Wording, enabled: ReadonlySet<string>) {
  const t = texts(wording, enabled);
  return {
    history: defineProcedure(
      {
        module: M,
        access: 'read',
        scoped: { names: (i) => [i.id], within: true },
        summary: '建置沿革（某一区划，县为全县按年）',
      },
      historyInput,
    ).query(async ({ ctx, input }): Promise<ChronicleText> => text(await t.history(ctx, input), input.lang)),
    events: defineProcedure(
      {
        module: M,
        access: 'read',
        scoped: { within: true, dates: (i) => [i.asOf ?? i.to] },
        summary: '大事记（两个日期之间）',
      },
      eventsInput,
    ).query(async ({ ctx, input }): Promise<ChronicleText> => text(await t.events(ctx, input), input.lang)),
    report: defineProcedure(
      {
        module: M,
        access: 'read',
        scoped: { within: true, dates: (i) => [i.from, i.to] },
        summary: '改革情况报告（两个日期之间，由读模型计算）',
      },
      reportInput,
    ).query(async ({ ctx, input }): Promise<ChronicleText & { figures: ReportFigures }> => {
      const r = await t.report(ctx, input);
      return { ...text(r.document, input.lang), figures: r.figures };
    }),
    /** Any of the texts as a DOCX (仿宋/宋体, 公文 layout), base64-encoded, with a file name. */
    docx: defineProcedure(
      {
        module: M,
        access: 'read',
        scoped: {
          names: (i) => (i.text === 'history' ? [i.id] : []),
          within: true,
          dates: (i) =>
            i.text === 'history' ? [i.asOf] : i.text === 'events' ? [i.asOf ?? i.to] : [i.from, i.to],
        },
        summary: '下载 DOCX',
      },
      docxInput,
    ).query(async ({ ctx, input }): Promise<{ filename: string; base64: string }> => {
      const doc =
        input.text === 'history'
          ? await t.history(ctx, input)
          : input.text === 'events'
            ? await t.events(ctx, input)
            : (await t.report(ctx, input)).document;
      const bytes = await toDocx(doc, input.size === undefined ? {} : { size: input.size });
      return {
        filename:
          `${doc.title.slice(0, 60)}.docx`.replace(/[\\/:*?"<>|]/g, '_') || `${FILE[input.text]}.docx`,
        base64: Buffer.from(bytes).toString('base64'),
      };
    }),
  } satisfies TRPCRouterRecord;
}

/**
 * The chronicle module over `modules` (the enabled ones, core and plugins).
 *
 * @example
 * const modules = [...coreModules, ...plugins];
 * const all = [...modules, chronicleModule(modules)];
 */
export function chronicleModule(modules: readonly ModuleDefinition[]) {
  const enabled = new Set(modules.map((m) => m.name));
  return defineModule({
    name: M,
    title: { zh: '县志', en: 'Chronicle' },
    events: [],
    projections: [chronicleEntries(modules)],
    router: chronicleRouter(wordingOf(modules), enabled),
  });
}
