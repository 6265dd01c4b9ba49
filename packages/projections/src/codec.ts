/**
 * How states are copied: snapshots keep a frozen copy, as-of folds start from a private copy.
 * Default: V8's structured serialisation (Map, Set, Date, nested objects); a projection may give
 * its own faster `clone`.
 */
import { deserialize, serialize } from 'node:v8';
import type { ProjectionDefinition } from '@xianzhi/kernel';

export interface StateCodec<S> {
  /** A frozen copy to keep. */
  freeze(state: S): Frozen<S>;
  /** A private, mutable copy of a frozen one. */
  thaw(frozen: Frozen<S>): S;
  /** Bytes for the cache file. */
  toBytes(state: S): Buffer;
  fromBytes(bytes: Buffer): S;
}

export interface Frozen<S> {
  readonly bytes?: Buffer;
  readonly value?: S;
  readonly size: number;
}

export function codecFor<S>(definition: ProjectionDefinition<S>): StateCodec<S> {
  const clone = definition.clone;
  if (clone) {
    return {
      freeze: (state) => ({ value: clone(state), size: 0 }),
      thaw: (frozen) => clone(frozen.value as S),
      toBytes: (state) => serialize(state),
      fromBytes: (bytes) => deserialize(bytes) as S,
    };
  }
  return {
    freeze: (state) => {
      const bytes = serialize(state);
      return { bytes, size: bytes.length };
    },
    thaw: (frozen) => deserialize(frozen.bytes!) as S,
    toBytes: (state) => serialize(state),
    fromBytes: (bytes) => deserialize(bytes) as S,
  };
}
