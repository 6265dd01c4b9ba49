/**
 * The change wizard's model: the fields of each adjustment kind, the form's values, and the
 * `enactAdjustment` input built from them — one document, one or many changes (edited in the form
 * or imported from a JSON list). Field keys are the input's paths, so the server's errors land next
 * to the fields they name.
 */
import type { Change, DivisionKind, EnactAdjustmentInput } from '../../api/types';

export const OPS = [
  'merge',
  'split',
  'abolish',
  'rename',
  'change-kind',
  'reclassify',
  'transfer',
  'move-seat',
  'boundary',
  'establish',
  'recode',
] as const;
export type Op = (typeof OPS)[number];

export type FieldType =
  | 'division'
  | 'divisions'
  | 'text'
  | 'kind'
  | 'classification'
  | 'code'
  | 'parts'
  | 'checkbox'
  /** One child per line: its code (or id), its official new code, and for a merge optionally where it goes. */
  | 'childCodes';

export interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
  /** For `classification`: whether "none" (null) may be chosen. */
  nullable?: boolean;
  /** For `code`: the code must be given (no automatic numbering). */
  codeRequired?: boolean;
}

export const FIELDS: Record<Op, FieldSpec[]> = {
  merge: [
    { key: 'sources', type: 'divisions', required: true },
    { key: 'into', type: 'division', required: true },
    { key: 'children', type: 'childCodes' },
  ],
  split: [
    { key: 'source', type: 'division', required: true },
    { key: 'parts', type: 'parts', required: true },
    { key: 'sourceEnds', type: 'checkbox' },
  ],
  abolish: [
    { key: 'division', type: 'division', required: true },
    { key: 'absorbedBy', type: 'division' },
  ],
  rename: [
    { key: 'division', type: 'division', required: true },
    { key: 'name', type: 'text' },
    { key: 'fullName', type: 'text' },
  ],
  'change-kind': [
    { key: 'division', type: 'division', required: true },
    { key: 'kind', type: 'kind', required: true },
    { key: 'code', type: 'code' },
    { key: 'children', type: 'childCodes' },
  ],
  recode: [
    { key: 'division', type: 'division', required: true },
    { key: 'code', type: 'code', required: true, codeRequired: true },
    { key: 'children', type: 'childCodes' },
  ],
  reclassify: [
    { key: 'division', type: 'division', required: true },
    { key: 'classification', type: 'classification', nullable: true },
  ],
  transfer: [
    { key: 'division', type: 'division', required: true },
    { key: 'parent', type: 'division', required: true },
    { key: 'code', type: 'code' },
  ],
  'move-seat': [
    { key: 'division', type: 'division', required: true },
    { key: 'seat', type: 'text', required: true },
  ],
  boundary: [
    { key: 'from', type: 'division', required: true },
    { key: 'to', type: 'division', required: true },
    { key: 'divisions', type: 'divisions', required: true },
    { key: 'description', type: 'text' },
  ],
  establish: [
    { key: 'name', type: 'text', required: true },
    { key: 'fullName', type: 'text' },
    { key: 'kind', type: 'kind', required: true },
    { key: 'parent', type: 'division' },
    { key: 'code', type: 'code' },
    { key: 'classification', type: 'classification' },
    { key: 'seat', type: 'text' },
  ],
};

export interface PartValues {
  name: string;
  kind: string;
  code: string;
  classification: string;
  /** Children given to this part: codes or ids, separated by spaces or commas. */
  children: string;
}

export type Values = Record<string, string | string[] | boolean | PartValues[]>;

/** One change of the document: edited in the form, or imported as it is from a JSON list. */
export type Draft = { op: Op; values: Values } | { op: Change['op']; imported: Change };

export const isImported = (d: Draft): d is { op: Change['op']; imported: Change } => 'imported' in d;

export interface DocValues {
  countyCode: string;
  documentNo: string;
  issuedBy: string;
  approvedOn: string;
  effectiveAt: string;
  description: string;
}

export const emptyPart = (): PartValues => ({
  name: '',
  kind: '',
  code: '',
  classification: '',
  children: '',
});

export function initialValues(op: Op): Values {
  const values: Values = {};
  for (const f of FIELDS[op]) {
    if (f.type === 'divisions') values[f.key] = [''];
    else if (f.type === 'parts') values[f.key] = [emptyPart(), emptyPart()];
    else if (f.type === 'checkbox') values[f.key] = true;
    else if (f.type === 'childCodes') values[f.key] = '';
    else values[f.key] = '';
  }
  return values;
}

const str = (v: Values[string] | undefined): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: Values[string] | undefined): string[] =>
  Array.isArray(v) ? (v as string[]).map((s) => s.trim()).filter(Boolean) : [];
const opt = <K extends string>(key: K, v: string): Partial<Record<K, string>> =>
  v ? ({ [key]: v } as Record<K, string>) : {};

/**
 * Children with their official codes, one per line: `<child> <new code> [<destination>]`, separated
 * by spaces, tabs, commas or arrows (a column pasted from a spreadsheet works).
 *
 * @example
 * parseChildCodes('510722101201 510722100215\n510722101202 → 510722201205 510722201')
 * // [{ division: '510722101201', code: '510722100215' }, { division: '510722101202', code: '510722201205', into: '510722201' }]
 */
export function parseChildCodes(text: string): { division: string; code?: string; into?: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.split(/[\s,，、→=>]+/).filter(Boolean))
    .filter((parts) => parts.length > 0)
    .map(([division, code, into]) => ({
      division: division!,
      ...(code ? { code } : {}),
      ...(into ? { into } : {}),
    }));
}

const children = (v: Values[string] | undefined) => {
  const list = parseChildCodes(typeof v === 'string' ? v : '');
  return list.length > 0 ? { children: list } : {};
};

/** The change as the API takes it. Empty optional fields are left out; the server validates the rest. */
export function buildChange(op: Op, v: Values): Change {
  switch (op) {
    case 'merge':
      return { op, sources: list(v.sources), into: str(v.into), ...children(v.children) };
    case 'split':
      return {
        op,
        source: str(v.source),
        parts: ((v.parts as PartValues[] | undefined) ?? []).map((p) => ({
          name: p.name.trim(),
          ...(p.kind ? { kind: p.kind as DivisionKind } : {}),
          ...opt('code', p.code.trim()),
          ...(p.classification ? { classification: p.classification as never } : {}),
          children: p.children.split(/[\s,，、]+/).filter(Boolean),
        })),
        sourceEnds: v.sourceEnds !== false,
      };
    case 'abolish':
      return { op, division: str(v.division), ...opt('absorbedBy', str(v.absorbedBy)) };
    case 'rename':
      return {
        op,
        division: str(v.division),
        ...opt('name', str(v.name)),
        ...opt('fullName', str(v.fullName)),
      };
    case 'change-kind':
      return {
        op,
        division: str(v.division),
        kind: str(v.kind) as DivisionKind,
        ...opt('code', str(v.code)),
        ...children(v.children),
      };
    case 'recode':
      return { op, division: str(v.division), code: str(v.code), ...children(v.children) };
    case 'reclassify':
      return { op, division: str(v.division), classification: (str(v.classification) || null) as never };
    case 'transfer':
      return { op, division: str(v.division), parent: str(v.parent), ...opt('code', str(v.code)) };
    case 'move-seat':
      return { op, division: str(v.division), seat: str(v.seat) };
    case 'boundary':
      return {
        op,
        from: str(v.from),
        to: str(v.to),
        divisions: list(v.divisions),
        ...opt('description', str(v.description)),
      };
    case 'establish':
      return {
        op,
        name: str(v.name),
        ...opt('fullName', str(v.fullName)),
        kind: str(v.kind) as DivisionKind,
        ...opt('parent', str(v.parent)),
        ...opt('code', str(v.code)),
        ...(str(v.classification) ? { classification: str(v.classification) as never } : {}),
        ...opt('seat', str(v.seat)),
      };
  }
}

export function buildInput(drafts: readonly Draft[], doc: DocValues): EnactAdjustmentInput {
  return {
    countyCode: doc.countyCode,
    authority: {
      documentNo: doc.documentNo.trim(),
      issuedBy: doc.issuedBy.trim(),
      approvedOn: doc.approvedOn,
    },
    effectiveAt: doc.effectiveAt,
    ...(doc.description.trim() ? { description: doc.description.trim() } : {}),
    changes: drafts.map((d) => (isImported(d) ? d.imported : buildChange(d.op, d.values))),
  };
}

/**
 * The changes of a JSON file: a list of changes, or an object with `changes` (an `enactAdjustment`
 * input, whose document fields are returned too). Throws an Error saying what is wrong.
 */
export function parseChangesFile(text: string): { changes: Change[]; doc: Partial<DocValues> } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  const object =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  const list = Array.isArray(data) ? data : object?.changes;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error('expected a list of changes, or an object with "changes"');
  list.forEach((c, i) => {
    if (c === null || typeof c !== 'object' || typeof (c as { op?: unknown }).op !== 'string')
      throw new Error(`change ${i + 1} has no "op"`);
  });
  const doc: Partial<DocValues> = {};
  const authority = object?.authority as Record<string, unknown> | undefined;
  if (typeof object?.countyCode === 'string') doc.countyCode = object.countyCode;
  if (typeof object?.effectiveAt === 'string') doc.effectiveAt = object.effectiveAt;
  if (typeof object?.description === 'string') doc.description = object.description;
  if (typeof authority?.documentNo === 'string') doc.documentNo = authority.documentNo;
  if (typeof authority?.issuedBy === 'string') doc.issuedBy = authority.issuedBy;
  if (typeof authority?.approvedOn === 'string') doc.approvedOn = authority.approvedOn;
  return { changes: list as Change[], doc };
}

/** Every field key of the form (paths into the input), for placing the server's errors. */
export function fieldKeys(drafts: readonly Draft[]): string[] {
  const keys = [
    'countyCode',
    'authority',
    'authority.documentNo',
    'authority.issuedBy',
    'authority.approvedOn',
    'effectiveAt',
    'description',
    'changes',
  ];
  drafts.forEach((d, index) => {
    keys.push(`changes.${index}`);
    if (isImported(d)) return;
    for (const f of FIELDS[d.op]) {
      const base = `changes.${index}.${f.key}`;
      keys.push(base);
      if (f.type === 'divisions') (d.values[f.key] as string[]).forEach((_, i) => keys.push(`${base}.${i}`));
      if (f.type === 'parts') {
        (d.values[f.key] as PartValues[]).forEach((_, i) => {
          keys.push(`${base}.${i}`);
          for (const k of ['name', 'kind', 'code', 'classification', 'children'])
            keys.push(`${base}.${i}.${k}`);
        });
      }
    }
  });
  return keys;
}

/** The divisions a change names first (for the document's list of changes). */
export function changeSummary(change: Change): string {
  switch (change.op) {
    case 'establish':
      return `${change.name}${change.code ? ` ${change.code}` : ''}`;
    case 'merge':
      return `${change.sources.join('、')} → ${change.into}`;
    case 'split':
      return `${change.source} → ${change.parts.map((p) => p.name).join('、')}`;
    case 'abolish':
      return `${change.division}${change.absorbedBy ? ` → ${change.absorbedBy}` : ''}`;
    case 'rename':
      return `${change.division} → ${change.name ?? change.fullName ?? ''}`;
    case 'change-kind':
    case 'recode':
      return `${change.division}${change.code ? ` → ${change.code}` : ''}`;
    case 'transfer':
      return `${change.division} → ${change.parent}`;
    case 'boundary':
      return `${change.from} → ${change.to}`;
    case 'reclassify':
    case 'move-seat':
      return change.division;
  }
}
