export { v7 as uuidv7 } from 'uuid';
export * from './migrate';
export * from './outbox';
export * from './pool';
export * from './resource';
