/**
 * Query `layout`: per township (as of the date), the schools against the reform's layout pattern —
 * 1–3 boarding central primary schools, one junior high (a nine-year school counts) and one public
 * kindergarten — with what is missing or in excess. Schools of merged townships count under the
 * surviving township from the merger's date on.
 */
import { KIND_LABEL, livePlaces, type Place } from '@xianzhi/divisions-contract';
import { BOARDING_PRIMARY_RANGE, LAYOUT_NEEDS, LAYOUT_NEED_LABEL, type LayoutNeed } from './index';
import { placedSchools, scopeTownship, type EducationState, type Scope } from './state';

export interface LayoutRow {
  townshipId: string;
  code: string;
  township: string;
  kind: string;
  schools: number;
  primary: number;
  boardingPrimary: number;
  juniorHigh: number;
  nineYear: number;
  kindergarten: number;
  publicKindergarten: number;
  meets: boolean;
  /** What the township lacks (keys), and the same in Chinese, joined with 、 */
  missingNeeds: LayoutNeed[];
  missing: string;
  /** More boarding central primary schools than the pattern allows (1–3). */
  excess: string;
}

export interface LayoutSummary {
  townships: number;
  meeting: number;
  notMeeting: number;
  /** Townships lacking each need. */
  lacking: Record<LayoutNeed, number>;
  /** Townships with more than 3 boarding central primary schools. */
  excessBoardingPrimary: number;
}

function row(t: Place): LayoutRow {
  return {
    townshipId: t.id,
    code: t.code ?? '',
    township: t.name,
    kind: KIND_LABEL[t.kind].zh,
    schools: 0,
    primary: 0,
    boardingPrimary: 0,
    juniorHigh: 0,
    nineYear: 0,
    kindergarten: 0,
    publicKindergarten: 0,
    meets: false,
    missingNeeds: [],
    missing: '',
    excess: '',
  };
}

export function layout(state: EducationState, scope: Scope | undefined): LayoutRow[] {
  const only = scopeTownship(state, scope);
  if (only === null) return [];
  const townships = (only ? [only] : livePlaces(state.divisions, 'township', scope?.countyCode)).filter(
    (t) => scope?.within === undefined || scope.within.includes(t.id),
  );
  const rows = new Map(townships.map((t) => [t.id, row(t)]));
  for (const { school, township } of placedSchools(state, scope)) {
    const r = township && rows.get(township.id);
    if (!r) continue;
    r.schools += 1;
    switch (school.kind) {
      case 'primary':
        r.primary += 1;
        if (school.boarding) r.boardingPrimary += 1;
        break;
      case 'junior-high':
        r.juniorHigh += 1;
        break;
      case 'nine-year':
        r.nineYear += 1;
        break;
      case 'kindergarten':
        r.kindergarten += 1;
        if (school.public) r.publicKindergarten += 1;
        break;
    }
  }
  for (const r of rows.values()) {
    const has: Record<LayoutNeed, boolean> = {
      'boarding-primary': r.boardingPrimary >= BOARDING_PRIMARY_RANGE.min,
      'junior-high': r.juniorHigh + r.nineYear >= 1,
      'public-kindergarten': r.publicKindergarten >= 1,
    };
    r.missingNeeds = LAYOUT_NEEDS.filter((n) => !has[n]);
    r.missing = r.missingNeeds.map((n) => LAYOUT_NEED_LABEL[n].zh).join('、');
    r.excess =
      r.boardingPrimary > BOARDING_PRIMARY_RANGE.max
        ? `寄宿制中心小学 ${r.boardingPrimary} 所（多于 ${BOARDING_PRIMARY_RANGE.max} 所）`
        : '';
    r.meets = r.missingNeeds.length === 0 && r.excess === '';
  }
  return [...rows.values()];
}

export function layoutSummary(state: EducationState, scope: Scope | undefined): LayoutSummary {
  const rows = layout(state, scope);
  const lacking = Object.fromEntries(
    LAYOUT_NEEDS.map((n) => [n, rows.filter((r) => r.missingNeeds.includes(n)).length]),
  ) as Record<LayoutNeed, number>;
  const meeting = rows.filter((r) => r.meets).length;
  return {
    townships: rows.length,
    meeting,
    notMeeting: rows.length - meeting,
    lacking,
    excessBoardingPrimary: rows.filter((r) => r.excess !== '').length,
  };
}
