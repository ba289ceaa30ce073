export * from './postgres';
export * from './records';
export * from './sync';
