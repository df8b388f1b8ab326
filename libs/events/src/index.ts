export * from './events.schema';
export * from './business-events';
export * from './events-schema.module';
