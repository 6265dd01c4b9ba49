import { describe, expect, it } from 'vitest';
import { errorInfo } from './errors';

const CJK = /[\u4e00-\u9fff]/;

describe("server errors in the user's language", () => {
  const zodAnswer = {
    name: 'TRPCClientError',
    message: 'invalid input — name: Too small: expected string to have >=1 characters',
    data: {
      code: 'BAD_REQUEST',
      issues: [
        {
          path: ['name'],
          message: 'Too small: expected string to have >=1 characters',
          code: 'too_small',
          params: { origin: 'string', minimum: 1 },
        },
        {
          path: ['scopes'],
          message: 'Too small: expected array to have >=1 items',
          code: 'too_small',
          params: { origin: 'array', minimum: 1 },
        },
        {
          path: ['effectiveAt'],
          message: 'Invalid ISO date',
          code: 'invalid_format',
          params: { format: 'date' },
        },
        {
          path: ['note'],
          message: 'Too big: expected string to have <=200 characters',
          code: 'too_big',
          params: { origin: 'string', maximum: 200 },
        },
        { path: ['x'], message: 'something the dictionary does not know', code: 'brand_new_code' },
      ],
    },
  };

  it('renders validation issues from their codes and parameters, in Chinese with no English left', () => {
    const info = errorInfo(zodAnswer, undefined, { lang: 'zh' });
    expect(info.problems.map((p) => [p.path, p.message])).toEqual([
      ['name', '必填'],
      ['scopes', '至少选择一项'],
      ['effectiveAt', '不是有效的日期（例如 2019-06-01）'],
      ['note', '最多 200 个字符'],
      ['x', '此项不正确'],
    ]);
    expect(info.message).toMatch(CJK);
    for (const p of info.problems) expect(p.message).not.toMatch(/expected|Too|Invalid|something/);
    expect(info.serverMessage).toBe(zodAnswer.message);
  });

  it('renders them in English from the same codes, the server message for an unknown one', () => {
    const info = errorInfo(zodAnswer, undefined, { lang: 'en' });
    expect(info.problems.map((p) => p.message)).toEqual([
      'required',
      'choose at least one',
      'not a valid date (e.g. 2019-06-01)',
      'at most 200 characters',
      'something the dictionary does not know',
    ]);
  });

  it('renders a domain reason with its parameters (dates in 年月日) next to the field it names', () => {
    const error = {
      message:
        'changes[0] (merge): 黄林镇 (510799118) is only established on 1992-08-01; it cannot be merged on 1990-01-01',
      data: {
        code: 'UNPROCESSABLE_CONTENT',
        domain: {
          code: 'INVARIANT',
          details: { path: ['changes', 0], ref: '510799118' },
          reason: {
            code: 'division.notYetEstablished',
            params: {
              name: '黄林镇',
              ref: '510799118',
              establishedOn: '1992-08-01',
              documentNo: '川府民政〔1992〕8号',
              at: '1990-01-01',
              index: 1,
              op: 'merge',
            },
          },
        },
      },
    };
    const input = { changes: [{ op: 'merge', sources: ['510799103'], into: '510799118' }] };
    const zh = errorInfo(error, input, { lang: 'zh' });
    expect(zh.problems).toEqual([
      {
        path: 'changes.0.into',
        message: '黄林镇（510799118）于1992年8月1日（川府民政〔1992〕8号）才设立，1990年1月1日时尚不存在',
        code: 'division.notYetEstablished',
      },
    ]);
    expect(errorInfo(error, input, { lang: 'en' }).message).toBe(
      '黄林镇 (510799118) was only established on 1992-08-01 (川府民政〔1992〕8号); it did not exist on 1990-01-01',
    );
  });

  it('names the holder of a single-holder post, with the date and document in Chinese', () => {
    const error = {
      message: 'post p-1 (镇党委书记) is held by person p-9 (邓勇) since 2021-03-01 …',
      data: {
        code: 'UNPROCESSABLE_CONTENT',
        domain: {
          code: 'INVARIANT',
          details: { postId: 'p-1', heldBy: 'p-9' },
          reason: {
            code: 'personnel.postHeld',
            params: {
              post: '镇党委书记',
              holder: '邓勇',
              since: '2021-03-01',
              documentNo: '',
              at: '2026-01-01',
            },
          },
        },
      },
    };
    const info = errorInfo(error, { postId: 'p-1' }, { lang: 'zh', anyDetail: true });
    expect(info.problems).toEqual([
      {
        path: 'postId',
        message: '镇党委书记自2021年3月1日起由邓勇担任，同一时间只能由一人担任；请先免去或调动邓勇',
        code: 'personnel.postHeld',
      },
    ]);
  });

  it('gives a domain error without a known reason a Chinese message of its class, never the English one', () => {
    const error = {
      message: 'the post is held by someone else',
      data: { code: 'UNPROCESSABLE_CONTENT', domain: { code: 'INVARIANT' } },
    };
    expect(errorInfo(error, undefined, { lang: 'zh' }).message).toBe('此操作不符合规定，未写入任何内容');
    expect(errorInfo(error, undefined, { lang: 'en' }).message).toBe('the post is held by someone else');
  });

  it("tells a network failure from a refusal, and quotes an internal error's id", () => {
    const network = errorInfo({ name: 'TRPCClientError', message: 'Failed to fetch' }, undefined, {
      lang: 'zh',
    });
    expect(network.code).toBe('NETWORK');
    expect(network.message).toBe('无法连接服务器，请检查网络后重试');
    const internal = errorInfo(
      { message: 'internal error', data: { code: 'INTERNAL_SERVER_ERROR', errorId: 'e-42' } },
      undefined,
      { lang: 'zh' },
    );
    expect(internal.message).toBe('服务器内部错误，请把编号 e-42 告诉管理员');
  });
});
