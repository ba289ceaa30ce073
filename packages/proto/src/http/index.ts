// The REST surface derived from the protos' google.api.http options (scripts/gen/http-api.ts).
export * from './routes';
export * from './schema';
export type * from './types';
