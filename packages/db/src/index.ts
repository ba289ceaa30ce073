export { v7 as uuidv7 } from 'uuid';
export * from './audit';
export * from './coalesce';
export * from './listen';
export * from './migrate';
export * from './outbox';
export * from './pool';
export * from './resource';
