import { describe, expect, it } from 'vitest';
import { InvariantViolation, type NewEvent } from '@xianzhi/kernel';
import { deciderSpec } from '@xianzhi/testkit';
import {
  closeFacilityDecider,
  downgradeFacilityDecider,
  establishFacilityDecider,
  upgradeFacilityDecider,
} from './decide';
import {
  changeTierInput,
  establishFacilityInput,
  facilityClosed,
  facilityDowngraded,
  facilityEstablished,
  facilityUpgraded,
  type Tier,
} from './index';

const C = '510799';
const established = (
  facilityId: string,
  tier: Tier = 'general-health-centre',
  effectiveAt = '2005-01-01',
): NewEvent =>
  facilityEstablished.create(
    { facilityId, countyCode: C, name: `${facilityId}卫生院`, tier, zone: 'north', divisionId: 't1' },
    { effectiveAt },
  );
const closed = (facilityId: string, effectiveAt: string) =>
  facilityClosed.create({ facilityId }, { effectiveAt });
const upgraded = (facilityId: string, tier: Tier, previousTier: Tier, effectiveAt: string) =>
  facilityUpgraded.create(
    {
      facilityId,
      tier: tier as 'central-health-centre',
      previousTier: previousTier as 'general-health-centre',
    },
    { effectiveAt },
  );

describe('establishFacility', () => {
  const command = {
    countyCode: C,
    effectiveAt: '2023-01-10',
    name: '白水镇卫生院（新址）',
    tier: 'general-health-centre' as const,
    zone: 'east' as const,
    divisionId: 't1',
  };

  it('establishes a facility with the next free id', () => {
    deciderSpec(establishFacilityDecider)
      .given([established('facility-510799-001')])
      .when(command)
      .then([
        facilityEstablished.create(
          {
            facilityId: 'facility-510799-002',
            countyCode: C,
            name: '白水镇卫生院（新址）',
            tier: 'general-health-centre',
            zone: 'east',
            divisionId: 't1',
          },
          { effectiveAt: '2023-01-10' },
        ),
      ]);
  });

  it('refuses an id in use, and validates tier and zone', () => {
    deciderSpec(establishFacilityDecider)
      .given([established('f1'), closed('f1', '2020-01-01')])
      .when({ ...command, facilityId: 'f1' })
      .thenThrows(InvariantViolation, /the id f1 is already used by 一般卫生院 f1卫生院（f1）/);
    expect(establishFacilityInput.safeParse({ ...command, tier: 'hospital' }).success).toBe(false);
    expect(establishFacilityInput.safeParse({ ...command, zone: 'north-east' }).success).toBe(false);
  });
});

describe('upgradeFacility / downgradeFacility', () => {
  const change = (tier: string, effectiveAt = '2021-03-01') =>
    changeTierInput.parse({ countyCode: C, effectiveAt, facilityId: 'f1', tier });

  it('upgrades up the ladder, with a new name', () => {
    deciderSpec(upgradeFacilityDecider)
      .given([established('f1')])
      .when({ ...change('central-health-centre'), name: 'f1中心卫生院' })
      .then([
        facilityUpgraded.create(
          {
            facilityId: 'f1',
            tier: 'central-health-centre',
            previousTier: 'general-health-centre',
            name: 'f1中心卫生院',
          },
          { effectiveAt: '2021-03-01' },
        ),
      ]);
    deciderSpec(upgradeFacilityDecider)
      .given([
        established('f1'),
        upgraded('f1', 'central-health-centre', 'general-health-centre', '2020-06-01'),
      ])
      .when(change('medical-sub-centre'))
      .then([
        facilityUpgraded.create({
          facilityId: 'f1',
          tier: 'medical-sub-centre',
          previousTier: 'central-health-centre',
        }),
      ]);
  });

  it('refuses an upgrade that is not up the ladder, and a downgrade that is not down', () => {
    deciderSpec(upgradeFacilityDecider)
      .given([established('f1', 'central-health-centre')])
      .when(change('general-health-centre'))
      .thenThrows(
        InvariantViolation,
        /cannot be upgraded to 一般卫生院 .* not up the ladder 医疗分中心 > 中心卫生院 > 一般卫生院 from 中心卫生院/,
      );
    deciderSpec(upgradeFacilityDecider)
      .given([established('f1', 'central-health-centre')])
      .when(change('central-health-centre'))
      .thenThrows(InvariantViolation, /not up the ladder/);
    deciderSpec(downgradeFacilityDecider)
      .given([established('f1')])
      .when(change('central-health-centre'))
      .thenThrows(InvariantViolation, /cannot be downgraded .* not down the ladder/);
  });

  it('downgrades down the ladder', () => {
    deciderSpec(downgradeFacilityDecider)
      .given([established('f1', 'medical-sub-centre')])
      .when(change('general-health-centre'))
      .then([
        facilityDowngraded.create({
          facilityId: 'f1',
          tier: 'general-health-centre',
          previousTier: 'medical-sub-centre',
        }),
      ]);
  });

  it('refuses a village clinic, a closed facility, and one only established later', () => {
    deciderSpec(upgradeFacilityDecider)
      .given([established('f1', 'village-clinic')])
      .when(change('general-health-centre'))
      .thenThrows(InvariantViolation, /is a village clinic, not on the ladder/);
    expect(
      changeTierInput.safeParse({
        countyCode: C,
        effectiveAt: '2021-03-01',
        facilityId: 'f1',
        tier: 'village-clinic',
      }).success,
    ).toBe(false);
    deciderSpec(upgradeFacilityDecider)
      .given([established('f1'), closed('f1', '2020-01-01')])
      .when(change('central-health-centre'))
      .thenThrows(InvariantViolation, /was closed on 2020-01-01; it cannot be upgraded on 2021-03-01/);
    deciderSpec(upgradeFacilityDecider)
      .given([established('f1', 'general-health-centre', '2022-01-01')])
      .when(change('central-health-centre'))
      .thenThrows(InvariantViolation, /is only established on 2022-01-01/);
    deciderSpec(upgradeFacilityDecider)
      .given([])
      .when(change('central-health-centre'))
      .thenThrows(InvariantViolation, /no facility f1 exists as of 2021-03-01/);
  });

  it('refuses a backdated upgrade that contradicts a later one, naming it', () => {
    // upgraded to central on 2021-06-01: a backdated upgrade to central on 2021-03-01 makes the later one go nowhere
    deciderSpec(upgradeFacilityDecider)
      .given([
        established('f1'),
        upgraded('f1', 'central-health-centre', 'general-health-centre', '2021-06-01'),
      ])
      .when(change('central-health-centre'))
      .thenThrows(
        InvariantViolation,
        /contradicts health\.facility-upgraded effective 2021-06-01, .*not up the ladder/,
      );
  });
});

describe('closeFacility', () => {
  it('closes an open facility, and refuses closing twice or before a later change', () => {
    const cmd = { countyCode: C, effectiveAt: '2022-03-01', facilityId: 'f1', reason: '危房迁建' };
    deciderSpec(closeFacilityDecider)
      .given([established('f1')])
      .when(cmd)
      .then([facilityClosed.create({ facilityId: 'f1', reason: '危房迁建' }, { effectiveAt: '2022-03-01' })]);
    deciderSpec(closeFacilityDecider)
      .given([established('f1'), closed('f1', '2021-01-01')])
      .when(cmd)
      .thenThrows(InvariantViolation, /was closed on 2021-01-01/);
    deciderSpec(closeFacilityDecider)
      .given([
        established('f1'),
        upgraded('f1', 'central-health-centre', 'general-health-centre', '2022-06-01'),
      ])
      .when(cmd)
      .thenThrows(InvariantViolation, /contradicts health\.facility-upgraded effective 2022-06-01/);
  });
});
