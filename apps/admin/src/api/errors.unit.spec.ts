import { describe, expect, it } from 'vitest';
import { assignProblems, errorInfo } from '@xianzhi/admin-kit';
import {
  buildInput,
  fieldKeys,
  initialValues,
  parseChangesFile,
  parseChildCodes,
  type Op,
  type Values,
} from '../pages/record/model';

const doc = {
  countyCode: '510799',
  documentNo: '青府民政〔2026〕9号',
  issuedBy: '青溪县人民政府',
  approvedOn: '2026-01-01',
  effectiveAt: '1990-01-01',
  description: '',
};

// Placement is tested on English screens (the server's messages as they are); the language of the
// messages is the kit's (packages/admin-kit/src/errors.unit.spec.ts).
const en = { lang: 'en' } as const;

describe('server errors next to their fields', () => {
  const values = { ...initialValues('merge'), sources: ['510799103', '510799104'], into: '510799118' };
  const input = buildInput([{ op: 'merge', values }], doc);
  const keys = fieldKeys([{ op: 'merge', values }]);

  it('places validation issues by their path', () => {
    const info = errorInfo(
      {
        message: 'invalid input',
        data: {
          code: 'BAD_REQUEST',
          issues: [
            { path: ['authority', 'documentNo'], message: 'required' },
            { path: ['changes', 0, 'sources', 1], message: 'bad ref' },
          ],
        },
      },
      input,
      en,
    );
    const placed = assignProblems(info.problems, keys);
    expect(placed.byField.get('authority.documentNo')).toEqual(['required']);
    expect(placed.byField.get('changes.0.sources.1')).toEqual(['bad ref']);
    expect(placed.general).toEqual([]);
  });

  it('narrows an invariant violation on a change to the field holding the division it names', () => {
    const message = 'changes[0] (merge): 黄林镇 (510799118) is only established on 1992-08-01';
    const info = errorInfo(
      {
        message,
        data: {
          code: 'UNPROCESSABLE_CONTENT',
          domain: { code: 'INVARIANT', details: { path: ['changes', 0], ref: '510799118' } },
        },
      },
      input,
      en,
    );
    expect(info.problems).toEqual([{ path: 'changes.0.into', message }]);
    const source = errorInfo(
      {
        message,
        data: { domain: { code: 'INVARIANT', details: { path: ['changes', 0], ref: '510799104' } } },
      },
      input,
      en,
    );
    expect(source.problems[0]!.path).toBe('changes.0.sources.1');
  });

  it('uses the field a rule names, and the change itself when nothing narrower is known', () => {
    const byField = errorInfo(
      {
        message: 'm',
        data: { domain: { code: 'INVARIANT', details: { path: ['changes', 0], field: 'sources' } } },
      },
      input,
      en,
    );
    expect(byField.problems[0]!.path).toBe('changes.0.sources');
    const whole = errorInfo(
      { message: 'm', data: { domain: { code: 'INVARIANT', details: { path: ['changes', 0] } } } },
      input,
      en,
    );
    expect(assignProblems(whole.problems, keys).byField.get('changes.0')).toEqual(['m']);
  });

  it('keeps what no field shows as a general message', () => {
    const info = errorInfo({ message: 'stream changed', data: { code: 'CONFLICT' } }, input, en);
    expect(info.problems).toEqual([]);
    expect(assignProblems([{ path: 'somewhere', message: 'x' }], keys).general).toEqual(['x']);
  });
});

const one = (op: Op, d: typeof doc, values: Values) => buildInput([{ op, values }], d);

describe('the wizard builds the enactAdjustment input', () => {
  it('leaves out empty optional fields', () => {
    const v = { ...initialValues('transfer'), division: '510799101201', parent: '510799118' };
    expect(one('transfer', { ...doc, description: ' ' }, v)).toEqual({
      countyCode: '510799',
      authority: { documentNo: '青府民政〔2026〕9号', issuedBy: '青溪县人民政府', approvedOn: '2026-01-01' },
      effectiveAt: '1990-01-01',
      changes: [{ op: 'transfer', division: '510799101201', parent: '510799118' }],
    });
  });

  it('splits children lists on spaces, commas and 、', () => {
    const v = {
      ...initialValues('split'),
      source: '510799101',
      parts: [
        {
          name: '东镇',
          kind: '',
          code: '',
          classification: '',
          children: '510799101201, 510799101202、510799101203',
        },
      ],
    };
    const change = one('split', doc, v).changes[0] as {
      parts: { children: string[] }[];
      sourceEnds: boolean;
    };
    expect(change.parts[0]!.children).toEqual(['510799101201', '510799101202', '510799101203']);
    expect(change.sourceEnds).toBe(true);
  });

  it('sends null to clear a class', () => {
    const v = { ...initialValues('reclassify'), division: '510799118' };
    expect(one('reclassify', doc, v).changes[0]).toEqual({
      op: 'reclassify',
      division: '510799118',
      classification: null,
    });
  });
});

describe('a document of several changes', () => {
  it('builds them in order, imported ones as they are, with error paths for each', () => {
    const rename = { ...initialValues('rename'), division: '510799118', fullName: '新镇人民政府' };
    const recode = {
      ...initialValues('recode'),
      division: '510799118201',
      code: '510799118230',
      children: '',
    };
    const merge = {
      ...initialValues('merge'),
      sources: ['510799103'],
      into: '510799118',
      children: '510799103201 510799118231\n510799103202, 510799104240 510799104',
    };
    const imported = {
      op: 'establish' as const,
      imported: { op: 'establish' as const, name: '新村', kind: 'village' as const, parent: '510799118' },
    };
    const input = buildInput(
      [
        { op: 'rename', values: rename },
        { op: 'recode', values: recode },
        imported,
        { op: 'merge', values: merge },
      ],
      doc,
    );
    expect(input.changes).toEqual([
      { op: 'rename', division: '510799118', fullName: '新镇人民政府' },
      { op: 'recode', division: '510799118201', code: '510799118230' },
      { op: 'establish', name: '新村', kind: 'village', parent: '510799118' },
      {
        op: 'merge',
        sources: ['510799103'],
        into: '510799118',
        children: [
          { division: '510799103201', code: '510799118231' },
          { division: '510799103202', code: '510799104240', into: '510799104' },
        ],
      },
    ]);
    const keys = fieldKeys([{ op: 'rename', values: rename }, imported, { op: 'merge', values: merge }]);
    expect(keys).toContain('changes.1');
    expect(keys).not.toContain('changes.1.name');
    expect(keys).toContain('changes.2.children');
    expect(
      assignProblems([{ path: 'changes.2.children', message: 'x' }], keys).byField.get('changes.2.children'),
    ).toEqual(['x']);
  });

  it('reads child codes pasted from a spreadsheet', () => {
    expect(parseChildCodes('510722101201\t510722100215\r\n\n510722101202 → 510722201205')).toEqual([
      { division: '510722101201', code: '510722100215' },
      { division: '510722101202', code: '510722201205' },
    ]);
  });

  it('reads a JSON file of changes or a whole adjustment, and says what is wrong with a bad one', () => {
    expect(parseChangesFile('[{"op":"rename","division":"510799118","name":"甲镇"}]').changes).toHaveLength(
      1,
    );
    const whole = parseChangesFile(
      JSON.stringify({
        countyCode: '510722',
        authority: {
          documentNo: '川府民政〔2019〕27号',
          issuedBy: '四川省人民政府',
          approvedOn: '2019-11-28',
        },
        effectiveAt: '2019-12-20',
        changes: [{ op: 'merge', sources: ['510722102'], into: '510722151' }],
      }),
    );
    expect(whole.doc).toEqual({
      countyCode: '510722',
      documentNo: '川府民政〔2019〕27号',
      issuedBy: '四川省人民政府',
      approvedOn: '2019-11-28',
      effectiveAt: '2019-12-20',
    });
    expect(() => parseChangesFile('{')).toThrow(/not JSON/);
    expect(() => parseChangesFile('{"changes": []}')).toThrow(/a list of changes/);
    expect(() => parseChangesFile('[{"division":"x"}]')).toThrow(/change 1 has no "op"/);
  });
});
