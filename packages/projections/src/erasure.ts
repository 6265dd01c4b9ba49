/**
 * Erasure in the runtime (docs/integrity.md): when `kernel.personal-data-erased` arrives, the clear
 * values the runtime holds in memory — event data in the timeline, folded states, snapshots, cached
 * answers, the cache file — must go too. This module finds and redacts the events; the runtime
 * refolds what used them and scrubs its cache.
 */
import {
  ERASURE_TYPE,
  redactPersonal,
  subjectOf,
  type EventRegistry,
  type RecordedEvent,
} from '@xianzhi/kernel';
import type { Timeline } from './timeline';

/** The subjects erased by these events. */
export function erasedSubjects(events: readonly RecordedEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== ERASURE_TYPE) continue;
    const subject = (e.data as { subject?: unknown }).subject;
    if (typeof subject === 'string') out.add(subject);
  }
  return out;
}

/**
 * Replaces, in every timeline event of these subjects, the personal fields by 已删除的个人信息.
 * Returns the event types it changed (the projections that handle them must fold again).
 */
export function redactTimeline(
  timeline: Timeline,
  registry: EventRegistry,
  subjects: ReadonlySet<string>,
): Set<string> {
  const changed = new Set<string>();
  if (subjects.size === 0) return changed;
  const personal = registry.personalTypes();
  if (personal.size === 0) return changed;
  for (const entry of timeline.bySeq) {
    const p = personal.get(entry.event.type);
    if (!p) continue;
    const subject = subjectOf(entry.event, p);
    if (subject === undefined || !subjects.has(subject)) continue;
    // In place: every holder of this event object (the id index, folds to come) sees the redaction.
    entry.event.data = redactPersonal(entry.event.data, p);
    changed.add(entry.event.type);
  }
  return changed;
}
