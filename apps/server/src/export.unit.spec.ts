/** Export files are named after what they hold, in Chinese, with nothing a file system or Excel refuses. */
import { describe, expect, it } from 'vitest';
import { exportTitle } from './export';

describe('export titles', () => {
  it("takes the summary's words before a bracket and drops the characters file names and sheets refuse", () => {
    expect(exportTitle('某一层级的区划列表')).toBe('某一层级的区划列表');
    expect(exportTitle('改革统计（两个日期之间）')).toBe('改革统计');
    expect(exportTitle('岗位/人员: 一览*?')).toBe('岗位人员 一览');
    expect(exportTitle('一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三')).toHaveLength(
      31,
    );
  });

  it('gives nothing when no summary (or nothing usable) is left, so the procedure name is used', () => {
    expect(exportTitle(undefined)).toBeUndefined();
    expect(exportTitle('（说明）')).toBeUndefined();
    expect(exportTitle('///')).toBeUndefined();
  });
});
