/**
 * The divisions contract: the events of the division registry, the levels, kinds and code rules,
 * and the typed fold that follows the divisions — what every module (core or plugin) that follows
 * the divisions imports. Isomorphic: no `node:*`, so the admin UI may import it too.
 */
export * from './events';
export * from './kinds';
export * from './follow';
export * from './where';
export * from './zones';
export * from './scope';
export * from './demo';
