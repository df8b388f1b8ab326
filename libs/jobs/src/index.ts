export * from './job-queue';
export * from './job-runner';
export * from './jobs.module';
