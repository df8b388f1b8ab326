import { Global, Module } from '@nestjs/common';
import { LoadedConfig } from './config.types';

/** Injection token for the typed configuration object. */
export const ROCKET_CONFIG = Symbol('ROCKET_CONFIG');

/**
 * Hands the configuration loaded at boot to every module. The loading itself
 * happens before Nest starts (main.ts), so a bad file stops the process early.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(loaded: LoadedConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: ROCKET_CONFIG, useValue: loaded.config }],
      exports: [ROCKET_CONFIG],
    };
  }
}
