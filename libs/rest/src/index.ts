export * from './rest.module';
