export * from './config.types';
export * from './config-loader';
export * from './config.module';
export { normaliseEmail, isValidEmail, passwordProblem } from './seed-credentials';
export { configEnvironmentNames } from './config-keys';
