import { describe, expect, it } from 'vitest';
import { assignProblems, errorInfo } from '@xianzhi/admin-kit';
import { buildInput, fieldKeys, initialValues } from '../pages/record/model';

const doc = {
  countyCode: '510799',
  documentNo: '青府民政〔2026〕9号',
  issuedBy: '青溪县人民政府',
  approvedOn: '2026-01-01',
  effectiveAt: '1990-01-01',
  description: '',
};

describe('server errors next to their fields', () => {
  const values = { ...initialValues('merge'), sources: ['510799103', '510799104'], into: '510799118' };
  const input = buildInput('merge', doc, values);
  const keys = fieldKeys('merge', values);

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
    );
    expect(info.problems).toEqual([{ path: 'changes.0.into', message }]);
    const source = errorInfo(
      {
        message,
        data: { domain: { code: 'INVARIANT', details: { path: ['changes', 0], ref: '510799104' } } },
      },
      input,
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
    );
    expect(byField.problems[0]!.path).toBe('changes.0.sources');
    const whole = errorInfo(
      { message: 'm', data: { domain: { code: 'INVARIANT', details: { path: ['changes', 0] } } } },
      input,
    );
    expect(assignProblems(whole.problems, keys).byField.get('changes.0')).toEqual(['m']);
  });

  it('keeps what no field shows as a general message', () => {
    const info = errorInfo({ message: 'stream changed', data: { code: 'CONFLICT' } }, input);
    expect(info.problems).toEqual([]);
    expect(assignProblems([{ path: 'somewhere', message: 'x' }], keys).general).toEqual(['somewhere: x']);
  });
});

describe('the wizard builds the enactAdjustment input', () => {
  it('leaves out empty optional fields', () => {
    const v = { ...initialValues('transfer'), division: '510799101201', parent: '510799118' };
    expect(buildInput('transfer', { ...doc, description: ' ' }, v)).toEqual({
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
    const change = buildInput('split', doc, v).changes[0] as {
      parts: { children: string[] }[];
      sourceEnds: boolean;
    };
    expect(change.parts[0]!.children).toEqual(['510799101201', '510799101202', '510799101203']);
    expect(change.sourceEnds).toBe(true);
  });

  it('sends null to clear a class', () => {
    const v = { ...initialValues('reclassify'), division: '510799118' };
    expect(buildInput('reclassify', doc, v).changes[0]).toEqual({
      op: 'reclassify',
      division: '510799118',
      classification: null,
    });
  });
});
