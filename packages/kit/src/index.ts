// The core kit: what every process may load without pulling a database driver or a broker
// client. Starting a service (gRPC server, health, shutdown) is packages/service.
export * from './assets';
export * from './audit';
export * from './auth';
export * from './config';
export * from './decimal';
export * from './decision';
export * from './directory';
export * from './errors';
export * from './lifecycle';
export * from './logging';
export * from './migrations';
export * from './paging';
export * from './policy';
export * from './text';
export * from './time';
export * from './validate';
