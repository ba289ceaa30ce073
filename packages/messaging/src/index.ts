export * from './consumer';
export * from './envelope';
export * from './kafka';
export * from './relay';
