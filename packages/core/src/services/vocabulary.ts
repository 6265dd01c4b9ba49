/**
 * The services vocabulary: the four levels of the convenience-service system, the kinds of
 * service, and the lifecycle of a request (which status may follow which).
 */
import { z } from 'zod';

export const POINT_LEVELS = ['county-centre', 'township-centre', 'village-room', 'grid-worker'] as const;
export type PointLevel = (typeof POINT_LEVELS)[number];
export const pointLevelSchema = z.enum(POINT_LEVELS);

export const POINT_LEVEL_LABEL: Record<PointLevel, string> = {
  'county-centre': '政务服务中心',
  'township-centre': '便民服务中心',
  'village-room': '便民服务室',
  'grid-worker': '网格员',
};

/** The level a point's parent is at (the county centre has none). */
export const PARENT_POINT_LEVEL: Record<PointLevel, PointLevel | undefined> = {
  'county-centre': undefined,
  'township-centre': 'county-centre',
  'village-room': 'township-centre',
  'grid-worker': 'village-room',
};

export const SERVICE_KINDS = [
  'social-insurance',
  'medical-insurance',
  'civil-affairs',
  'household-registration',
  'agricultural-subsidy',
  'certification',
  'land-and-housing',
  'employment',
  'other',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const serviceKindSchema = z.enum(SERVICE_KINDS);

export const SERVICE_KIND_LABEL: Record<ServiceKind, string> = {
  'social-insurance': '社会保险',
  'medical-insurance': '医疗保障',
  'civil-affairs': '民政救助',
  'household-registration': '户籍办理',
  'agricultural-subsidy': '惠农补贴',
  certification: '证明开具',
  'land-and-housing': '土地房屋',
  employment: '就业创业',
  other: '其他',
};

export const REQUEST_STATUSES = ['requested', 'accepted', 'proxied', 'completed', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const STATUS_LABEL: Record<RequestStatus, string> = {
  requested: '已申请',
  accepted: '已受理',
  proxied: '代办中',
  completed: '已办结',
  rejected: '不予办理',
};

/**
 * The lifecycle: requested → accepted → proxied (民事代办) → completed | rejected;
 * accepted → completed directly; requested → rejected.
 */
export const NEXT_STATUSES: Record<RequestStatus, readonly RequestStatus[]> = {
  requested: ['accepted', 'rejected'],
  accepted: ['proxied', 'completed'],
  proxied: ['completed', 'rejected'],
  completed: [],
  rejected: [],
};

export const isTerminal = (s: RequestStatus): boolean => NEXT_STATUSES[s].length === 0;
