import { XianzhiError } from '@xianzhi/kernel';

/** A projection's evolve threw: the projection stops; the others go on. */
export class ProjectionFailed extends XianzhiError {
  readonly code = 'INVARIANT' as const;
  constructor(
    readonly projection: string,
    readonly eventId: string,
    readonly eventType: string,
    readonly position: number,
    cause: unknown,
  ) {
    super(
      `projection "${projection}" failed on event ${eventId} (${eventType}, position ${position}): ${
        cause instanceof Error ? cause.message : String(cause)
      } — fix the projection and bump its version to rebuild it`,
      { cause },
    );
  }
}
