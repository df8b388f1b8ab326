export * from './platform.module';
export * from './app-lifecycle.service';
export * from './app-create.validation';
export * from './app-info';
