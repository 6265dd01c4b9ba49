/** Appoint, dismiss, transfer: the form's values, the fields each command has, and the command's input built from them. */

export type Op = 'appoint' | 'dismiss' | 'transfer';
export const OPS: Op[] = ['appoint', 'dismiss', 'transfer'];
export const PROCEDURE = {
  appoint: 'appointToPost',
  dismiss: 'dismissFromPost',
  transfer: 'transferPerson',
} as const;

export interface FormValues {
  documentNo: string;
  issuedBy: string;
  effectiveAt: string;
  personId: string;
  postId: string;
  fromPostId: string;
  toPostId: string;
  reason: string;
}

export const FIELDS: Record<Op, string[]> = {
  appoint: ['personId', 'postId'],
  dismiss: ['postId', 'personId', 'reason'],
  transfer: ['personId', 'fromPostId', 'toPostId'],
};
export const COMMON = [
  'countyCode',
  'effectiveAt',
  'authority.documentNo',
  'authority.issuedBy',
  'authority',
];

export function buildInput(op: Op, countyCode: string, v: FormValues): Record<string, unknown> {
  const documentNo = v.documentNo.trim();
  const issuedBy = v.issuedBy.trim();
  const base = {
    countyCode,
    effectiveAt: v.effectiveAt,
    ...(documentNo || issuedBy ? { authority: { documentNo, issuedBy } } : {}),
  };
  switch (op) {
    case 'appoint':
      return { ...base, personId: v.personId.trim(), postId: v.postId };
    case 'dismiss':
      return {
        ...base,
        personId: v.personId.trim(),
        postId: v.postId,
        ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
      };
    case 'transfer':
      return { ...base, personId: v.personId.trim(), fromPostId: v.fromPostId, toPostId: v.toPostId };
  }
}
