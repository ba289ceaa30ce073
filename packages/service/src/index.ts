// Starting and serving a ThuocDo service: gRPC server with per-RPC policies, error mapping,
// health, graceful shutdown, the command runner, and gRPC client helpers.
export * from './audit-service';
export * from './client';
export * from './command';
export * from './grpc-errors';
export * from './grpc-server';
export * from './health';
export * from './proto-enums';
export * from './shutdown';
export * from './start';
