export type * from './port';
export * from './prepare';
export * from './bounds';
