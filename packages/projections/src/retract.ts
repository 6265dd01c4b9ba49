/**
 * The platform command `retractEvent`: history is never deleted; an event recorded in error is
 * retracted by a new `kernel.event-retracted` event naming it, with a reason and the authority.
 */
import { z } from 'zod';
import {
  InvariantViolation,
  NotFoundError,
  RETRACTIONS_STREAM,
  RETRACTION_TYPE,
  ValidationError,
  eventRetracted,
} from '@xianzhi/kernel';
import type { AppendResult, EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from './runtime';

export const retractEventInput = z.object({
  eventId: z.uuid({ error: 'eventId must be the UUID of the event to retract' }),
  reason: z.string().trim().min(1, { error: 'give the reason for the retraction' }).max(2000),
  authority: z.object({
    documentNo: z.string().trim().min(1, { error: 'the document number is required' }),
    issuedBy: z.string().trim().min(1, { error: 'the issuing authority is required' }),
    approvedOn: z.string().optional(),
  }),
  actor: z.string().min(1).optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
});

export type RetractEventInput = z.input<typeof retractEventInput>;

/**
 * Retracts an event after checking that it exists and is not retracted already.
 *
 * @example
 * await retractEvent(store, runtime, { eventId, reason: '文号录入错误', authority: { documentNo: '三府函〔2020〕8号', issuedBy: '三台县人民政府' } });
 */
export async function retractEvent(
  store: EventStore,
  runtime: ProjectionRuntime,
  input: RetractEventInput,
): Promise<AppendResult> {
  const parsed = retractEventInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { eventId, reason, authority, actor, idempotencyKey } = parsed.data;
  // See everything recorded so far, so the checks below are against the latest knowledge.
  await runtime.waitForPosition(await store.headPosition());
  const last = await store.readStream(RETRACTIONS_STREAM, { direction: 'backwards', limit: 1 });
  const metadata = actor === undefined ? { authority } : { authority, actor };
  const append = () =>
    // Expecting the retraction stream's current revision serialises concurrent retractions: the
    // loser gets a ConcurrencyError, retries, and then sees the event already retracted.
    store.append(
      RETRACTIONS_STREAM,
      [eventRetracted.create({ eventId: eventId.toLowerCase(), reason }, metadata)],
      {
        expectedRevision: last[0]?.revision ?? 'no-stream',
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      },
    );
  const found = runtime.findEvent(eventId.toLowerCase());
  if (!found)
    throw new NotFoundError('event', eventId, {
      message: `event ${eventId} does not exist; nothing to retract`,
    });
  if (found.event.type === RETRACTION_TYPE) {
    throw new InvariantViolation(
      `event ${eventId} is itself a retraction; a retraction cannot be retracted — record the event again instead`,
    );
  }
  if (found.retractedBy) {
    const by = found.retractedBy;
    // A retry of the very command that retracted it: the store answers with the original result.
    if (idempotencyKey !== undefined && by.metadata.idempotencyKey === idempotencyKey) return append();
    throw new InvariantViolation(
      `event ${eventId} (${found.event.type}) was already retracted on ${by.metadata.recordedAt} by event ${by.id}` +
        (by.metadata.authority ? ` (${by.metadata.authority.documentNo})` : ''),
      { retractedBy: by.id },
    );
  }
  return append();
}
