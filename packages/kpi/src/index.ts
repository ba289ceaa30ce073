export * from './indicator';
export * from './set';
