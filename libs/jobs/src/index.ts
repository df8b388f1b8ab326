export * from './job-queue';
export * from './job-runner';
export * from './jobs.module';
export * from './app-prober';
export * from './due-probe';
export * from './write-activity.repository';
