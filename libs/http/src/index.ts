export * from './error-response';
export * from './exception.filter';
export * from './fastify-setup';
export * from './json-body-parser';
export * from './request-body';
export * from './query-params';
export * from './openapi-docs';
export * from './http.module';
