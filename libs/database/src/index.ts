export * from './database.service';
export * from './system-schema';
export * from './cluster-bus';
export * from './database-errors';
export * from './identifiers';
export * from './embedded-postgres';
export * from './connection-settings';
export * from './database.module';
