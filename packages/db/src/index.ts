export * from './migrate';
export * from './outbox';
export * from './pool';
export { v7 as uuidv7 } from 'uuid';
