/**
 * The OpenAPI 3.1 document of the REST API, generated from the router (see ./procedures): one
 * operation per query (GET, parameters from the input's fields) and per command (POST, the input as
 * a JSON body), with the access each needs, the problem+json errors, and the Chinese descriptions
 * the schemas carry (`.describe()`), or, for the common fields that carry none, those below.
 */
import { requiredScope } from '@xianzhi/api';
import { propertiesOf, requiredOf, styleOf, type JsonSchema } from './query';
import { REST_PREFIX, type RestProcedure } from './procedures';

/** Descriptions for common fields whose schema carries none (a schema's own description wins). */
export const FIELD_DESCRIPTIONS: Record<string, string> = {
  countyCode: '县的统计用区划代码（6 位，如 510799）',
  divisionId: '区划编号或统计用区划代码',
  divisionIds: '区划编号或统计用区划代码（可多个）',
  townshipId: '乡镇的区划编号或统计用区划代码',
  villageId: '村（社区）的区划编号或统计用区划代码',
  villageIds: '村（社区）的区划编号或统计用区划代码（可多个）',
  rootId: '从此区划起（编号或代码）；不填为全县',
  id: '编号',
  ids: '编号（可多个）',
  level: '层级',
  q: '检索词',
  limit: '最多返回条数',
  from: '起始日期',
  to: '截止日期',
  month: '月份（2020-01）',
  year: '年份',
  effectiveAt: '生效日期（2020-09-01）或带时区的时刻',
  idempotencyKey: '幂等键：同一键重复提交只记录一次（也可用请求头 Idempotency-Key）',
  authority: '决定依据的文件：文号、发文机关、批准日期',
  on: '日期',
};

const ACCESS_ZH: Record<string, string> = {
  public: '公开，无需令牌',
  'signed-in': '任何有效令牌',
  read: '模块读权限',
  write: '模块写权限',
  metrics: 'metrics 权限',
  admin: '管理员',
};

const PROBLEMS: [number, string][] = [
  [400, '请求有误：参数或请求体不符合要求（issues 列出字段与原因）'],
  [401, '未登录：缺少令牌或令牌无效、已吊销'],
  [403, '无权访问：令牌缺少所需权限，或所涉区划不在令牌范围内'],
  [404, '未找到'],
  [409, '冲突：与已记录的内容冲突（如幂等键已用于另一命令）'],
  [422, '无法执行：违反业务规则（domain.reason 给出稳定的原因代码和参数）'],
  [500, '服务器内部错误：请向管理员提供 errorId'],
];

function describe(name: string, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema || schema.description || !FIELD_DESCRIPTIONS[name]) return schema;
  return { ...schema, description: FIELD_DESCRIPTIONS[name] };
}

function parameters(p: RestProcedure): unknown[] {
  const props = propertiesOf(p.input);
  const required = new Set(requiredOf(p.input));
  const params: unknown[] = [];
  for (const [name, raw] of Object.entries(props)) {
    const schema = describe(name, raw)!;
    const base = {
      name,
      in: 'query',
      required: required.has(name),
      ...(schema.description ? { description: schema.description } : {}),
    };
    const style = styleOf(schema);
    if (style === 'json') params.push({ ...base, content: { 'application/json': { schema } } });
    else if (style === 'array') params.push({ ...base, schema, style: 'form', explode: true });
    else params.push({ ...base, schema });
  }
  if (p.paging) {
    params.push({
      name: 'cursor',
      in: 'query',
      required: false,
      description: '翻页游标：上一页回答中的 next；之后各页按第一页时的已知时刻（knownAt）读取',
      schema: { type: 'string' },
    });
    if (!('limit' in props))
      params.push({
        name: 'limit',
        in: 'query',
        required: false,
        description: '每页条数（默认 500，最多 5000）',
        schema: { type: 'integer', minimum: 1, maximum: 5000, default: 500 },
      });
  }
  return params;
}

function operation(p: RestProcedure) {
  const scope = requiredScope(p.meta);
  const access = [
    `权限：${scope === undefined ? ACCESS_ZH.public : scope === '' ? ACCESS_ZH['signed-in'] : scope}`,
    p.meta.scoped ? '限定区划的令牌可用（只得到其区划范围内的数据）' : '限定区划的令牌不可用',
    `tRPC：\`${p.path}\``,
  ];
  if (p.paging === 'rows')
    access.push('分页：回答为 `{ items, next }`（原回答为数组时），或原对象加 `next`（其 rows 分页）');
  if (p.paging === 'native') access.push('分页：回答带 `next`（事件日志的位置游标）');
  const ok: Record<string, unknown> = {
    description: '成功',
    content: { 'application/json': { schema: {} } },
  };
  const responses: Record<string, unknown> = { '200': ok };
  for (const [status] of PROBLEMS) responses[String(status)] = { $ref: `#/components/responses/P${status}` };
  const op: Record<string, unknown> = {
    operationId: p.path.replace(/\./g, '_'),
    tags: [p.module],
    summary: p.meta.summary ?? p.path,
    description: access.join('\n\n'),
    responses,
    security: scope === undefined ? [] : [{ bearer: [] }],
  };
  if (p.method === 'get') op.parameters = parameters(p);
  else {
    op.parameters = [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: FIELD_DESCRIPTIONS.idempotencyKey,
        schema: { type: 'string', maxLength: 200 },
      },
    ];
    const schema = p.input
      ? {
          ...p.input,
          properties: Object.fromEntries(
            Object.entries(p.input.properties ?? {}).map(([k, v]) => [k, describe(k, v)]),
          ),
        }
      : { type: 'object' };
    op.requestBody = {
      required: !!p.input && (p.input.required?.length ?? 0) > 0,
      content: { 'application/json': { schema } },
    };
  }
  return op;
}

export interface DocumentOptions {
  version: string;
  /** Tags: the module's Chinese title. */
  modules: readonly { name: string; title: { zh: string; en: string } }[];
}

/** The OpenAPI 3.1 document for these procedures. */
export function openApiDocument(procedures: readonly RestProcedure[], options: DocumentOptions) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {
    Problem: {
      type: 'object',
      description: '错误（RFC 9457 problem+json），带稳定的错误代码和参数',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string', description: '错误类型（urn:xianzhi:problem:<代码>）' },
        title: { type: 'string', description: '错误类别（中文）' },
        status: { type: 'integer', description: 'HTTP 状态码' },
        detail: { type: 'string', description: '说明（指出字段和原因）' },
        instance: { type: 'string', description: '请求路径' },
        code: { type: 'string', description: '稳定的错误代码（与 tRPC 相同：BAD_REQUEST、FORBIDDEN…）' },
        procedure: { type: 'string', description: 'tRPC 过程名' },
        issues: {
          type: 'array',
          description: '字段问题：路径、说明、稳定代码和参数',
          items: {
            type: 'object',
            properties: {
              path: { type: 'array', items: { type: ['string', 'number'] } },
              message: { type: 'string' },
              code: { type: 'string' },
              params: { type: 'object' },
            },
          },
        },
        domain: { type: 'object', description: '业务规则错误：类别代码、详情、稳定原因 { code, params }' },
        errorId: { type: 'string', description: '内部错误编号（服务器日志中有详情）' },
      },
    },
  };
  for (const p of procedures) {
    Object.assign(schemas, p.defs);
    (paths[p.url] ??= {})[p.method] = operation(p);
  }
  const responses = Object.fromEntries(
    PROBLEMS.map(([status, description]) => [
      `P${status}`,
      {
        description,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
  const used = new Set(procedures.map((p) => p.module));
  const titles = new Map(options.modules.map((m) => [m.name, m.title]));
  const platform: Record<string, string> = {
    access: '令牌与权限',
    events: '事件日志',
    system: '系统',
    integrity: '完整性',
  };
  return {
    openapi: '3.1.0',
    info: {
      title: '县志 Xianzhi REST API',
      version: options.version,
      description: [
        '县志（Xianzhi）的 REST 接口：每个模块（核心与插件）的每个读模型查询为 `GET`，每个命令为 `POST`，由 tRPC 路由及其 zod 模式自动生成。',
        '查询都接受 `asOf`（按哪一天的状态）和 `knownAt`（按哪一时刻已记录的内容）。令牌放在 `Authorization: Bearer …`；权限与 tRPC 完全相同。',
        '参数：数组字段重复参数（`ids=a&ids=b`），对象字段为 JSON 文本。错误为 RFC 9457 `application/problem+json`。',
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: '本服务器' }],
    tags: [...used].map((name) => ({ name, description: titles.get(name)?.zh ?? platform[name] ?? name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: '县志令牌（xz_…），由管理员签发' },
      },
      schemas,
      responses,
    },
  };
}

export const OPENAPI_PATH = `${REST_PREFIX}/openapi.json`;
