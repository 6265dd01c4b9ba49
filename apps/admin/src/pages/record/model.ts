/**
 * The change wizard's model: the fields of each adjustment kind, the form's values, and the
 * `enactAdjustment` input built from them. Field keys are the input's paths, so the server's
 * errors land next to the fields they name.
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
] as const;
export type Op = (typeof OPS)[number];

export type FieldType =
  'division' | 'divisions' | 'text' | 'kind' | 'classification' | 'code' | 'parts' | 'checkbox';

export interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
  /** For `classification`: whether "none" (null) may be chosen. */
  nullable?: boolean;
}

export const FIELDS: Record<Op, FieldSpec[]> = {
  merge: [
    { key: 'sources', type: 'divisions', required: true },
    { key: 'into', type: 'division', required: true },
  ],
  split: [
    { key: 'source', type: 'division', required: true },
    { key: 'parts', type: 'parts', required: true },
    { key: 'sourceEnds', type: 'checkbox' },
  ],
  abolish: [
    { key: 'division', type: 'division', required: true },
    { key: 'absorbedBy', type: 'division', required: true },
  ],
  rename: [
    { key: 'division', type: 'division', required: true },
    { key: 'name', type: 'text', required: true },
  ],
  'change-kind': [
    { key: 'division', type: 'division', required: true },
    { key: 'kind', type: 'kind', required: true },
    { key: 'code', type: 'code' },
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
    else values[f.key] = '';
  }
  return values;
}

const str = (v: Values[string] | undefined): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: Values[string] | undefined): string[] =>
  Array.isArray(v) ? (v as string[]).map((s) => s.trim()).filter(Boolean) : [];
const opt = <K extends string>(key: K, v: string): Partial<Record<K, string>> =>
  v ? ({ [key]: v } as Record<K, string>) : {};

/** The change as the API takes it. Empty optional fields are left out; the server validates the rest. */
export function buildChange(op: Op, v: Values): Change {
  switch (op) {
    case 'merge':
      return { op, sources: list(v.sources), into: str(v.into) };
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
      return { op, division: str(v.division), absorbedBy: str(v.absorbedBy) };
    case 'rename':
      return { op, division: str(v.division), name: str(v.name) };
    case 'change-kind':
      return {
        op,
        division: str(v.division),
        kind: str(v.kind) as DivisionKind,
        ...opt('code', str(v.code)),
      };
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
        kind: str(v.kind) as DivisionKind,
        ...opt('parent', str(v.parent)),
        ...opt('code', str(v.code)),
        ...(str(v.classification) ? { classification: str(v.classification) as never } : {}),
        ...opt('seat', str(v.seat)),
      };
  }
}

export function buildInput(op: Op, doc: DocValues, values: Values): EnactAdjustmentInput {
  return {
    countyCode: doc.countyCode,
    authority: {
      documentNo: doc.documentNo.trim(),
      issuedBy: doc.issuedBy.trim(),
      approvedOn: doc.approvedOn,
    },
    effectiveAt: doc.effectiveAt,
    ...(doc.description.trim() ? { description: doc.description.trim() } : {}),
    changes: [buildChange(op, values)],
  };
}

/** Every field key of the form (paths into the input), for placing the server's errors. */
export function fieldKeys(op: Op, values: Values): string[] {
  const keys = [
    'countyCode',
    'authority',
    'authority.documentNo',
    'authority.issuedBy',
    'authority.approvedOn',
    'effectiveAt',
    'description',
    'changes',
    'changes.0',
  ];
  for (const f of FIELDS[op]) {
    const base = `changes.0.${f.key}`;
    keys.push(base);
    if (f.type === 'divisions') (values[f.key] as string[]).forEach((_, i) => keys.push(`${base}.${i}`));
    if (f.type === 'parts') {
      (values[f.key] as PartValues[]).forEach((_, i) => {
        keys.push(`${base}.${i}`);
        for (const k of ['name', 'kind', 'code', 'classification', 'children'])
          keys.push(`${base}.${i}.${k}`);
      });
    }
  }
  return keys;
}
