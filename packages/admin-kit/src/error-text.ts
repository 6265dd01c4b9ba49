/**
 * Server errors in the user's language. The server sends a stable code and parameters for every
 * validation issue (zod's codes: too_small, invalid_format… with the field's path) and for domain
 * errors that have a reason (`division.notYetEstablished`…); the UI renders them from these
 * dictionaries. A code missing here still reads in the user's language: the class of the error
 * (BAD_REQUEST, UNPROCESSABLE_CONTENT…) has a message of its own. The server's English message is
 * kept for English screens and the logs.
 */
import { fill, type Params } from './i18n';
import { formatDate, type Lang } from './format';

/** Messages of field issues, by code (and, for bounds, by the kind of value: `too_small.string`). */
const ISSUE: Record<Lang, Record<string, string>> = {
  zh: {
    required: '必填',
    'too_small.string.1': '必填',
    'too_small.string': '至少 {minimum} 个字符',
    'too_small.array.1': '至少选择一项',
    'too_small.array': '至少 {minimum} 项',
    'too_small.set.1': '至少选择一项',
    'too_small.number': '不能小于 {minimum}',
    'too_small.int': '不能小于 {minimum}',
    'too_small.date': '不能早于 {minimum}',
    too_small: '太小或太短（至少 {minimum}）',
    'too_big.string': '最多 {maximum} 个字符',
    'too_big.array': '最多 {maximum} 项',
    'too_big.number': '不能大于 {maximum}',
    'too_big.int': '不能大于 {maximum}',
    too_big: '太大或太长（最多 {maximum}）',
    invalid_type: '格式不正确',
    'invalid_format.date': '不是有效的日期（例如 2019-06-01）',
    'invalid_format.datetime': '不是有效的时间',
    'invalid_format.regex': '格式不正确',
    'invalid_format.email': '不是有效的电子邮件地址',
    'invalid_format.url': '不是有效的网址',
    'invalid_format.uuid': '不是有效的编号',
    invalid_format: '格式不正确',
    invalid_value: '不是可选的值（可选：{values}）',
    invalid_union: '格式不正确',
    invalid_key: '格式不正确',
    invalid_element: '有一项格式不正确',
    not_multiple_of: '须为 {divisor} 的倍数',
    unrecognized_keys: '不接受此项（{keys}）',
    custom: '内容不正确',
    'idempotency.keyReused': '这个幂等键已用于另一条命令，请换一个新键',
    /** A field issue whose code this dictionary does not know. */
    unknown: '此项不正确',
  },
  en: {
    required: 'required',
    'too_small.string.1': 'required',
    'too_small.string': 'at least {minimum} characters',
    'too_small.array.1': 'choose at least one',
    'too_small.array': 'at least {minimum} items',
    'too_small.set.1': 'choose at least one',
    'too_small.number': 'at least {minimum}',
    'too_small.int': 'at least {minimum}',
    'too_small.date': 'not before {minimum}',
    too_small: 'too small (at least {minimum})',
    'too_big.string': 'at most {maximum} characters',
    'too_big.array': 'at most {maximum} items',
    'too_big.number': 'at most {maximum}',
    'too_big.int': 'at most {maximum}',
    too_big: 'too large (at most {maximum})',
    invalid_type: 'not in the expected form',
    'invalid_format.date': 'not a valid date (e.g. 2019-06-01)',
    'invalid_format.datetime': 'not a valid time',
    'invalid_format.regex': 'not in the expected form',
    'invalid_format.email': 'not a valid email address',
    'invalid_format.url': 'not a valid URL',
    'invalid_format.uuid': 'not a valid id',
    invalid_format: 'not in the expected form',
    invalid_value: 'not one of the options ({values})',
    invalid_union: 'not in the expected form',
    invalid_key: 'not in the expected form',
    invalid_element: 'an item is not in the expected form',
    not_multiple_of: 'must be a multiple of {divisor}',
    unrecognized_keys: 'not accepted ({keys})',
    custom: 'not valid',
    'idempotency.keyReused': 'this idempotency key was used for another command; use a new key',
    unknown: 'not valid',
  },
};

/** Messages of domain reasons and of whole errors (by the tRPC code, when there is no reason). */
const REASON: Record<Lang, Record<string, string>> = {
  zh: {
    'division.notYetEstablished': '{name}（{ref}）于{establishedOn}{documentNo}才设立，{at}时尚不存在',
    'division.noneAsOf': '{at}时不存在区划 {ref}',
    'division.ended.merged': '{name}已于{endedOn}{documentNo}并入其他区划，{at}时已不存在',
    'division.ended.split': '{name}已于{endedOn}{documentNo}拆分，{at}时已不存在',
    'division.ended.abolished': '{name}已于{endedOn}{documentNo}撤销，{at}时已不存在',
    'personnel.postHeld':
      '{post}自{since}{documentNo}起由{holder}担任，同一时间只能由一人担任；请先免去或调动{holder}',
    'personnel.alreadyHolds': '{person}自{since}{documentNo}起已担任{post}',
    'personnel.notPartyMember': '{person}在{at}时不是党员；{organisation}的职务只能由党员担任',
    'zones.alreadyInZone':
      '{township}自{since}{documentNo}起已属于{zone}（{role}），一个乡镇同一时间只属于一个片区；请先退出原片区',
    'zones.notInZone': '{at}时{township}不在{zone}',
    'cadres.notHolder': '{person}在{month}未担任{post}；报酬只发给当月在任者',
    'cadres.alreadyPaid':
      '{person}{month}的{post}报酬已于{paidOn}{documentNo}登记（{amount} 元）；如有出入请更正该笔发放',
    'cadres.alreadyAttended': '{person}参加{course}已登记',
    concurrency: '数据刚被他人修改，请刷新后重试',
    notFound: '要找的对象不存在（{id}）',
    NETWORK: '无法连接服务器，请检查网络后重试',
    UNAUTHORIZED: '令牌无效、已过期或已吊销，请重新登录',
    FORBIDDEN: '没有执行此操作的权限',
    NOT_FOUND: '要找的对象不存在',
    CONFLICT: '数据刚被他人修改，请刷新后重试',
    BAD_REQUEST: '输入有误，请按提示修改后再提交',
    UNPROCESSABLE_CONTENT: '此操作不符合规定，未写入任何内容',
    TOO_MANY_REQUESTS: '请求太频繁，请稍后再试',
    PAYLOAD_TOO_LARGE: '提交的内容太大',
    INTERNAL_SERVER_ERROR: '服务器内部错误，请把编号 {errorId} 告诉管理员',
    ERROR: '请求失败，请稍后重试',
  },
  en: {
    'division.notYetEstablished':
      '{name} ({ref}) was only established on {establishedOn}{documentNo}; it did not exist on {at}',
    'division.noneAsOf': 'no division {ref} exists on {at}',
    'division.ended.merged':
      '{name} was merged into another on {endedOn}{documentNo}; it no longer existed on {at}',
    'division.ended.split': '{name} was split on {endedOn}{documentNo}; it no longer existed on {at}',
    'division.ended.abolished': '{name} was abolished on {endedOn}{documentNo}; it no longer existed on {at}',
    'personnel.postHeld':
      '{post} is held by {holder} since {since}{documentNo}, one person at a time; dismiss or transfer {holder} first',
    'personnel.alreadyHolds': '{person} already holds {post} since {since}{documentNo}',
    'personnel.notPartyMember':
      '{person} is not a party member on {at}; posts of the {organisation} are held by party members only',
    'zones.alreadyInZone':
      '{township} is in zone {zone} since {since}{documentNo}; a township is in one zone at a time — take it out first',
    'zones.notInZone': '{township} is not in zone {zone} on {at}',
    'cadres.notHolder': '{person} did not hold {post} in {month}; a payment is for the month’s holder',
    'cadres.alreadyPaid':
      '{person}’s pay as {post} for {month} was recorded on {paidOn}{documentNo} ({amount} 元); correct it instead',
    'cadres.alreadyAttended': '{person}’s attendance of {course} is already recorded',
    concurrency: 'someone else changed this just now — reload and try again',
    notFound: 'not found ({id})',
    NETWORK: 'cannot reach the server — check the network and retry',
    UNAUTHORIZED: 'the token is invalid, expired or revoked — sign in again',
    FORBIDDEN: 'you are not allowed to do this',
    NOT_FOUND: 'not found',
    CONFLICT: 'someone else changed this just now — reload and try again',
    BAD_REQUEST: 'invalid input — correct the fields and submit again',
    UNPROCESSABLE_CONTENT: 'this breaks a rule; nothing was written',
    TOO_MANY_REQUESTS: 'too many requests — try again shortly',
    PAYLOAD_TOO_LARGE: 'the request is too large',
    INTERNAL_SERVER_ERROR: 'internal error — quote id {errorId} to the administrator',
    ERROR: 'the request failed — try again shortly',
  },
};

const DATE_PARAM = /^(at|since|\w+On|asOf|effectiveAt|minimum|maximum)$/;

/** Params as shown: dates in the language's form, a document number in brackets. */
function shown(lang: Lang, params: Params = {}): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' && DATE_PARAM.test(k) && /^\d{4}-\d{2}-\d{2}/.test(v))
      out[k] = formatDate(lang, v);
    else if (k === 'documentNo') out[k] = v ? (lang === 'zh' ? `（${v}）` : ` (${v})`) : '';
    else out[k] = v;
  }
  return out;
}

/** A field issue's message in `lang`, or undefined when its code is unknown. */
export function issueText(lang: Lang, code: string | undefined, params: Params = {}): string | undefined {
  if (!code) return undefined;
  const dict = ISSUE[lang];
  const origin = typeof params.origin === 'string' ? params.origin : undefined;
  const bound = params.minimum ?? params.maximum;
  const candidates = [
    origin && bound !== undefined ? `${code}.${origin}.${String(bound)}` : undefined,
    origin ? `${code}.${origin}` : undefined,
    typeof params.format === 'string' ? `${code}.${params.format}` : undefined,
    code,
  ];
  for (const key of candidates)
    if (key && dict[key] !== undefined) return fill(dict[key], shown(lang, params));
  return REASON[lang][code] === undefined ? undefined : fill(REASON[lang][code], shown(lang, params));
}

/** The generic message for an unknown field issue. */
export function unknownIssueText(lang: Lang): string {
  return ISSUE[lang].unknown!;
}

/** A domain reason's or a whole error's message in `lang`, or undefined when its code is unknown. */
export function reasonText(lang: Lang, code: string, params: Params = {}): string | undefined {
  const text = REASON[lang][code];
  return text === undefined ? undefined : fill(text, shown(lang, params));
}
