/**
 * The divisions contract: the events of the division registry, the levels, kinds and code rules —
 * what every module (core or plugin) that follows the divisions reads. Isomorphic: no `node:*`.
 */
export * from './events';
export * from './kinds';
