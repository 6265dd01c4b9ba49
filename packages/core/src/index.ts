/**
 * The core modules, isomorphic: their vocabulary, event definitions, command inputs and the read
 * models' answer types — what the admin UI (or any browser code) may import. The server side
 * (module definitions, deciders, read models, procedures) is `@xianzhi/core/server`.
 */
export * from './divisions';
export * from './personnel';
export * from './services';
export * from './institutions';
export * from './reform';
