export * from './webhooks.schema';
export * from './webhook-outbox';
export * from './webhooks-schema.module';
