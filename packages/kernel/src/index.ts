export * from './errors';
export * from './time';
export type * from './envelope';
export * from './define-event';
export * from './registry';
export * from './retraction';
export * from './decider';
export * from './projection';
export * from './module';
