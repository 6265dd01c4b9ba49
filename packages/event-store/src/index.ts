export type * from './port';
export * from './prepare';
export * from './bounds';
export { uuidv7 } from './ids';
export * from './chain';
export * from './checkpoint';
