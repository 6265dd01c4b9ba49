/**
 * How personnel decisions read in the chronicle: appointments, dismissals and transfers, each naming
 * the person and the post (its division as named that day), the decision's document worded as a
 * decision (决定). A decision of many changes is told as counts. The wording is in
 * chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell, type ChronicleNames, type ChronicleSentence } from '@xianzhi/kernel';
import {
  appointed,
  dismissed,
  personRegistered,
  personUpdated,
  postEstablished,
  transferred,
} from './events';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

type Wording = Record<string, string>;
const ZH: Wording = zh;
const EN: Wording = en;

/** What the chronicle remembers of a post (kept in its names, under `post:<id>`): division, organisation, role. */
const postKey = (postId: string) => `post:${postId}`;

/** The township's party secretary and head are named in the 大事记 however many changes a decision makes. */
const PRINCIPAL = new Set(['township-party-committee/party-secretary', 'township-government/township-head']);

function post(
  names: ChronicleNames,
  postId: string,
): { text: { zh: string; en: string }; divisionId: string | undefined; principal: boolean } {
  const [divisionId, organisation, role, title] = names.name(postKey(postId), '').split('\u0000');
  if (!divisionId) return { text: { zh: postId, en: postId }, divisionId: undefined, principal: false };
  const division = names.division(divisionId);
  // the role's wording may depend on the division's kind (镇长/乡长, 村委会/居委会主任)
  const key = `role.${organisation}.${role}`;
  const kindKey = `${key}.${names.kind(divisionId) ?? ''}`;
  const roleText = (w: Wording) => title || (w[kindKey] ?? w[key] ?? `${organisation}/${role}`);
  const fillPost = (w: Wording) => w.post!.replace('{division}', division).replace('{role}', roleText(w));
  return {
    text: { zh: fillPost(ZH), en: fillPost(EN) },
    divisionId,
    principal: PRINCIPAL.has(`${organisation}/${role}`),
  };
}

const person = (names: ChronicleNames, personId: string) => names.name(personId);

function sentence(
  template: string,
  params: ChronicleSentence['params'],
  divisionIds: (string | undefined)[],
  principal: boolean,
): ChronicleSentence {
  return {
    template,
    params: params ?? {},
    divisions: divisionIds.filter((d): d is string => d !== undefined),
    ...(principal ? {} : { tally: { key: `tally.${template}`, count: 1 } }),
  };
}

export const personnelChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(personRegistered, {
      names: (e) => ({ [e.data.personId]: e.data.name }),
      describe: () => undefined,
    }),
    ...tell(personUpdated, {
      names: (e) => (e.data.name === undefined ? {} : { [e.data.personId]: e.data.name }),
      describe: () => undefined,
    }),
    ...tell(postEstablished, {
      names: (e) => ({
        [postKey(e.data.postId)]: [
          e.data.divisionId,
          e.data.organisation,
          e.data.role,
          e.data.title ?? '',
        ].join('\u0000'),
      }),
      describe: () => undefined,
    }),
    ...tell(appointed, {
      notable: true,
      describe: (e, names) => {
        const p = post(names, e.data.postId);
        return sentence(
          'appointed',
          { person: person(names, e.data.personId), post: p.text },
          [p.divisionId],
          p.principal,
        );
      },
    }),
    ...tell(dismissed, {
      notable: true,
      describe: (e, names) => {
        const p = post(names, e.data.postId);
        return sentence(
          'dismissed',
          { person: person(names, e.data.personId), post: p.text },
          [p.divisionId],
          p.principal,
        );
      },
    }),
    ...tell(transferred, {
      notable: true,
      describe: (e, names) => {
        const from = post(names, e.data.fromPostId);
        const to = post(names, e.data.toPostId);
        return sentence(
          'transferred',
          { person: person(names, e.data.personId), from: from.text, to: to.text },
          [from.divisionId, to.divisionId],
          from.principal || to.principal,
        );
      },
    }),
  },
);
