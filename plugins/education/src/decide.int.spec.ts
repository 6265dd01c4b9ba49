import { describe, expect, it } from 'vitest';
import { InvariantViolation, type NewEvent } from '@xianzhi/kernel';
import { deciderSpec } from '@xianzhi/testkit';
import {
  changeSchoolDecider,
  closeSchoolDecider,
  mergeSchoolsDecider,
  openSchoolDecider,
  reportEnrolmentDecider,
} from './decide';
import {
  enrolmentReported,
  openSchoolInput,
  reportEnrolmentInput,
  schoolChanged,
  schoolClosed,
  schoolOpened,
  schoolsMerged,
  type SchoolKind,
} from './index';

const C = '510799';
const opened = (
  schoolId: string,
  kind: SchoolKind = 'primary',
  effectiveAt = '2005-09-01',
  capacity = 300,
): NewEvent =>
  schoolOpened.create(
    {
      schoolId,
      countyCode: C,
      name: `${schoolId}学校`,
      kind,
      townshipId: 't1',
      capacity,
      boarding: false,
      public: true,
    },
    { effectiveAt },
  );
const reported = (schoolId: string, term: string, enrolled: number, effectiveAt: string) =>
  enrolmentReported.create({ schoolId, term, enrolled }, { effectiveAt });
const closed = (schoolId: string, effectiveAt: string) => schoolClosed.create({ schoolId }, { effectiveAt });

describe('openSchool', () => {
  const command = {
    countyCode: C,
    effectiveAt: '2020-09-01',
    name: '青溪镇中心小学',
    kind: 'primary' as const,
    townshipId: 't1',
    capacity: 900,
    boarding: true,
    public: true,
  };

  it('opens a school with the next free id, as of its date', () => {
    deciderSpec(openSchoolDecider)
      .given([opened('school-510799-001')])
      .when(command)
      .then([
        schoolOpened.create(
          {
            schoolId: 'school-510799-002',
            countyCode: C,
            name: '青溪镇中心小学',
            kind: 'primary',
            townshipId: 't1',
            capacity: 900,
            boarding: true,
            public: true,
          },
          { effectiveAt: '2020-09-01' },
        ),
      ]);
  });

  it('refuses an id already used, even by a closed school', () => {
    deciderSpec(openSchoolDecider)
      .given([opened('s1'), closed('s1', '2010-07-01')])
      .when({ ...command, schoolId: 's1' })
      .thenThrows(InvariantViolation, /the id s1 is already used by 小学 s1学校（s1）, opened on 2005-09-01/);
  });

  it('refuses an id that a later opening uses (a backdated opening contradicting it)', () => {
    deciderSpec(openSchoolDecider)
      .given([opened('s9', 'primary', '2022-09-01')])
      .when({ ...command, schoolId: 's9' })
      .thenThrows(InvariantViolation, /contradicts education\.school-opened effective 2022-09-01/);
  });

  it('validates capacity > 0 and fills boarding/public defaults', () => {
    expect(openSchoolInput.safeParse({ ...command, capacity: 0 }).success).toBe(false);
    expect(openSchoolInput.safeParse({ ...command, capacity: -5 }).error?.issues[0]?.message).toMatch(
      /greater than 0/,
    );
    const { boarding: _b, public: _p, ...bare } = command;
    expect(openSchoolInput.parse(bare)).toMatchObject({ boarding: false, public: true });
  });
});

describe('changeSchool', () => {
  it('changes capacity and boarding', () => {
    deciderSpec(changeSchoolDecider)
      .given([opened('s1')])
      .when({ countyCode: C, effectiveAt: '2020-08-20', schoolId: 's1', capacity: 600, boarding: true })
      .then([schoolChanged.create({ schoolId: 's1', capacity: 600, boarding: true })]);
  });

  it('refuses an empty change, a closed school, and a school only opened later', () => {
    deciderSpec(changeSchoolDecider)
      .given([opened('s1')])
      .when({ countyCode: C, effectiveAt: '2020-08-20', schoolId: 's1' })
      .thenThrows(InvariantViolation, /nothing to change/);
    deciderSpec(changeSchoolDecider)
      .given([opened('s1'), closed('s1', '2020-07-01')])
      .when({ countyCode: C, effectiveAt: '2020-08-20', schoolId: 's1', capacity: 10 })
      .thenThrows(InvariantViolation, /was closed on 2020-07-01; it cannot be changed on 2020-08-20/);
    deciderSpec(changeSchoolDecider)
      .given([opened('s1', 'primary', '2021-09-01')])
      .when({ countyCode: C, effectiveAt: '2020-08-20', schoolId: 's1', capacity: 10 })
      .thenThrows(InvariantViolation, /is only opened on 2021-09-01/);
  });
});

describe('reportEnrolment', () => {
  const report = {
    countyCode: C,
    effectiveAt: '2019-09-20',
    reports: [
      { schoolId: 's1', enrolled: 280 },
      { schoolId: 's2', enrolled: 0 },
    ],
  };

  it('records one report per school, in the term of its date', () => {
    deciderSpec(reportEnrolmentDecider)
      .given([opened('s1'), opened('s2')])
      .when(report)
      .then([
        reported('s1', '2019-autumn', 280, '2019-09-20'),
        reported('s2', '2019-autumn', 0, '2019-09-20'),
      ]);
    // January still belongs to the autumn term
    deciderSpec(reportEnrolmentDecider)
      .given([opened('s1')])
      .when({
        countyCode: C,
        effectiveAt: '2020-01-10',
        term: '2019-autumn',
        reports: [{ schoolId: 's1', enrolled: 1 }],
      })
      .then([reported('s1', '2019-autumn', 1, '2020-01-10')]);
  });

  it('refuses enrolment < 0 (input) and a term the date does not lie in', () => {
    expect(
      reportEnrolmentInput.safeParse({ ...report, reports: [{ schoolId: 's1', enrolled: -1 }] }).error
        ?.issues[0]?.message,
    ).toMatch(/cannot be negative/);
    deciderSpec(reportEnrolmentDecider)
      .given([opened('s1'), opened('s2')])
      .when({ ...report, term: '2020-spring' })
      .thenThrows(InvariantViolation, /lies in 2019年秋季学期, not 2020年春季学期/);
  });

  it('refuses a report for a closed or merged school, naming the item', () => {
    deciderSpec(reportEnrolmentDecider)
      .given([opened('s1'), opened('s2'), closed('s2', '2019-07-10')])
      .when(report)
      .thenThrows(
        InvariantViolation,
        /item 2 of 2: 小学 s2学校（s2） was closed on 2019-07-10; it cannot be given an enrolment report/,
      );
    deciderSpec(reportEnrolmentDecider)
      .given([
        opened('s1'),
        opened('s2'),
        schoolsMerged.create({ sourceIds: ['s1'], targetId: 's2' }, { effectiveAt: '2019-07-20' }),
      ])
      .when(report)
      .thenThrows(InvariantViolation, /was merged into s2 on 2019-07-20/);
  });

  it('refuses a second report of the same term (retract the first instead)', () => {
    deciderSpec(reportEnrolmentDecider)
      .given([opened('s1'), opened('s2'), reported('s1', '2019-autumn', 270, '2019-09-15')])
      .when(report)
      .thenThrows(
        InvariantViolation,
        /already has an enrolment report for 2019年秋季学期; to correct it, retract that report/,
      );
  });

  it('refuses a report for a school that does not exist', () => {
    deciderSpec(reportEnrolmentDecider)
      .given([opened('s1')])
      .when(report)
      .thenThrows(InvariantViolation, /no school s2 exists as of 2019-09-20/);
  });
});

describe('closeSchool', () => {
  it('closes an open school', () => {
    deciderSpec(closeSchoolDecider)
      .given([opened('s1')])
      .when({ countyCode: C, effectiveAt: '2021-07-01', schoolId: 's1', reason: '生源枯竭' })
      .then([schoolClosed.create({ schoolId: 's1', reason: '生源枯竭' }, { effectiveAt: '2021-07-01' })]);
  });

  it('refuses closing twice', () => {
    deciderSpec(closeSchoolDecider)
      .given([opened('s1'), closed('s1', '2020-07-01')])
      .when({ countyCode: C, effectiveAt: '2021-07-01', schoolId: 's1' })
      .thenThrows(InvariantViolation, /was closed on 2020-07-01/);
  });

  it('refuses a backdated closing that contradicts a later report, naming it', () => {
    const error = deciderSpec(closeSchoolDecider)
      .given([opened('s1'), reported('s1', '2021-autumn', 200, '2021-09-20')])
      .when({ countyCode: C, effectiveAt: '2021-07-01', schoolId: 's1' })
      .thenThrows(
        InvariantViolation,
        /this command, effective 2021-07-01, contradicts education\.enrolment-reported effective 2021-09-20/,
      );
    expect(typeof (error as InvariantViolation).details?.conflictingEventId).toBe('string');
  });

  it('does not mind later events about other schools', () => {
    deciderSpec(closeSchoolDecider)
      .given([opened('s1'), opened('s2'), reported('s2', '2021-autumn', 200, '2021-09-20')])
      .when({ countyCode: C, effectiveAt: '2021-07-01', schoolId: 's1' })
      .then((events) => expect(events).toHaveLength(1));
  });
});

describe('mergeSchools', () => {
  const merge = { countyCode: C, effectiveAt: '2020-07-20', sourceIds: ['s2', 's3'], targetId: 's1' };

  it('merges sources into an open target', () => {
    deciderSpec(mergeSchoolsDecider)
      .given([opened('s1'), opened('s2'), opened('s3')])
      .when(merge)
      .then([
        schoolsMerged.create({ sourceIds: ['s2', 's3'], targetId: 's1' }, { effectiveAt: '2020-07-20' }),
      ]);
  });

  it('refuses merging a school into itself, into a closed school, a closed source, or a source twice', () => {
    const given = deciderSpec(mergeSchoolsDecider).given([
      opened('s1'),
      opened('s2'),
      opened('s3'),
      closed('s3', '2020-01-10'),
    ]);
    given
      .when({ ...merge, sourceIds: ['s1', 's2'] })
      .thenThrows(InvariantViolation, /cannot be merged into itself/);
    given
      .when({ ...merge, sourceIds: ['s1'], targetId: 's3' })
      .thenThrows(
        InvariantViolation,
        /s3学校（s3） was closed on 2020-01-10; it cannot be the target of a merger/,
      );
    given
      .when({ ...merge, sourceIds: ['s3'] })
      .thenThrows(InvariantViolation, /was closed on 2020-01-10; it cannot be merged on 2020-07-20/);
    given.when({ ...merge, sourceIds: ['s2', 's2'] }).thenThrows(InvariantViolation, /named twice/);
  });
});
