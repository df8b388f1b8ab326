export * from './app-openapi';
export * from './openapi.module';
