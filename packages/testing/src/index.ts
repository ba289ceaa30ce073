export * from './chdb';
export * from './database';
export * from './idp';
export * from './kafka-broker';
export * from './platform';
export * from './ports';
export * from './tcp-proxy';
export * from './wait';
