/**
 * The personnel decider on its own (given history, when a decision, then the events): decided as of
 * the decision's date, a fixed tenure's end applied among the later events, and a backdated decision
 * refused when it contradicts a later one.
 */
import { describe, it } from 'vitest';
import { InvariantViolation } from '@xianzhi/kernel';
import { deciderSpec } from '@xianzhi/testkit';
import {
  appointed,
  dismissed,
  personRegistered,
  postEstablished,
  postIdOf,
  recordPersonnelDecision,
  type PersonnelChangeInput,
  type PersonnelDecision,
} from './server';

const COUNTY = '510722';
const TOWN = 'div-510722-2';
const POST = postIdOf(TOWN, 'township-party-committee', 'party-secretary');
const doc = { documentNo: '三委〔2016〕12号', issuedBy: '中共三台县委' };
const at = (effectiveAt: string) => ({ effectiveAt });

const history = [
  personRegistered.create(
    {
      personId: 'p-li',
      countyCode: COUNTY,
      name: '李秀英',
      gender: 'female',
      birthDate: '1975-03-08',
      education: 'bachelor',
      partyMember: true,
      source: 'other',
    },
    at('2010-01-01'),
  ),
  personRegistered.create(
    {
      personId: 'p-wang',
      countyCode: COUNTY,
      name: '王强',
      gender: 'male',
      birthDate: '1980-05-01',
      education: 'associate',
      partyMember: true,
      source: 'other',
    },
    at('2010-01-01'),
  ),
  postEstablished.create(
    {
      postId: POST,
      countyCode: COUNTY,
      divisionId: TOWN,
      organisation: 'township-party-committee',
      role: 'party-secretary',
    },
    at('2010-01-01'),
  ),
];
const spec = deciderSpec(recordPersonnelDecision.decider);
const decision = (effectiveAt: string, changes: PersonnelChangeInput[]) =>
  ({ countyCode: COUNTY, effectiveAt, authority: doc, changes }) as PersonnelDecision;

describe('the personnel decider', () => {
  it('writes a fixed tenure as its appointment and, dated at its end, its dismissal', () => {
    spec
      .given(history)
      .when(decision('2015-02-01', [{ op: 'appoint', personId: 'p-li', postId: POST, until: '2016-01-31' }]))
      .then([
        {
          ...appointed.create({ personId: 'p-li', postId: POST }),
          metadata: { effectiveAt: '2015-02-01', authority: doc },
        },
        {
          ...dismissed.create({ personId: 'p-li', postId: POST }),
          metadata: { effectiveAt: '2016-01-31', authority: doc },
        },
      ]);
  });

  it('refuses a tenure whose end a later record contradicts, with the rule that breaks', () => {
    // 王强 is appointed to the post on 2015-06-01: 李秀英's tenure to 2016 cannot hold it too
    spec
      .given([...history, appointed.create({ personId: 'p-wang', postId: POST }, at('2015-06-01'))])
      .when(decision('2015-02-01', [{ op: 'appoint', personId: 'p-li', postId: POST, until: '2016-01-31' }]))
      .thenThrows(
        InvariantViolation,
        /contradicts personnel.appointed effective 2015-06-01, recorded .* as event .*: .*is held by 李秀英/,
      );
  });

  it('decides as of the date: a dismissal recorded for a later date does not free the post earlier', () => {
    const held = [
      ...history,
      appointed.create({ personId: 'p-li', postId: POST }, at('2012-01-01')),
      dismissed.create({ personId: 'p-li', postId: POST }, at('2018-01-01')),
    ];
    spec
      .given(held)
      .when(decision('2019-01-01', [{ op: 'appoint', personId: 'p-wang', postId: POST }]))
      .then([
        {
          ...appointed.create({ personId: 'p-wang', postId: POST }),
          metadata: { effectiveAt: '2019-01-01' },
        },
      ]);
    spec
      .given(held)
      .when(decision('2017-01-01', [{ op: 'appoint', personId: 'p-wang', postId: POST }]))
      .thenThrows(InvariantViolation, /is held by 李秀英/);
  });
});
