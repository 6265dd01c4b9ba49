import { describe, expect, it } from 'vitest';
import { refusalMessages } from './command-form';
import type { ErrorInfo } from './errors';

const refused = (message: string, problems: ErrorInfo['problems'] = []): ErrorInfo => ({
  code: 'UNPROCESSABLE_CONTENT',
  message,
  problems,
  serverMessage: message,
});

describe('refusalMessages', () => {
  it('shows nothing before any error', () => {
    expect(refusalMessages(null, [])).toEqual([]);
  });

  it('shows the problems no field claims, not the summary message', () => {
    const error = refused('2 problems', [
      { path: 'authority', message: '须写明批准文件' },
      { path: 'postId', message: '岗位不存在' },
    ]);
    expect(refusalMessages(error, ['须写明批准文件'])).toEqual(['须写明批准文件']);
  });

  it("shows the error's own message when the server named no problem", () => {
    expect(refusalMessages(refused('该职务已有任职人员'), [])).toEqual(['该职务已有任职人员']);
  });

  it('shows nothing at the top when every problem sits next to its field', () => {
    expect(refusalMessages(refused('1 problem', [{ path: 'postId', message: '岗位不存在' }]), [])).toEqual(
      [],
    );
  });
});
