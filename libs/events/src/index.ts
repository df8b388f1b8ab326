export * from './events.schema';
export * from './business-events';
export * from './system-events';
export * from './events-schema.module';
