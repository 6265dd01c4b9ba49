/**
 * Village cadre pay and training: whose pay is recorded (the village-level posts), the county's
 * target for village party secretaries (≥ 3,500 元 a month, in fen), and who counts as a village
 * cadre for the yearly training (the members of the village “two committees”).
 */
import type { Organisation, Role } from '../personnel/vocabulary';

/** Village party secretaries are paid at least 3,500 元 a month (the report's target), in fen. */
export const SECRETARY_PAY_TARGET_FEN = 350_000;

/** Posts whose pay is recorded: the village party organisation, the village committee, group leaders. */
export const PAID_ORGANISATIONS: ReadonlySet<Organisation> = new Set<Organisation>([
  'village-party-organisation',
  'village-committee',
  'group',
]);

/** Village cadres (村“两委”干部): every one is trained every year. */
export const CADRE_ORGANISATIONS: ReadonlySet<Organisation> = new Set<Organisation>([
  'village-party-organisation',
  'village-committee',
]);

export const isSecretaryPost = (p: { organisation: Organisation; role: Role }): boolean =>
  p.organisation === 'village-party-organisation' && p.role === 'party-secretary';

/** The key of a pay scale: one per organisation and role. */
export const scaleKey = (organisation: Organisation, role: Role): string => `${organisation}:${role}`;
