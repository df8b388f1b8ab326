import { Global, Module } from '@nestjs/common';
import { configEnvironmentNames, ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { OutboundHttp } from './outbound-http';
import { BUILT_IN_ENV_DENY, SecretReferences } from './secret-references';

/**
 * The outbound HTTP policy and the secret-reference resolver (09 §1–2),
 * shared by webhooks, e-mail adapters and connectors. Both are plain
 * classes built once from the configuration.
 */
@Global()
@Module({
  providers: [
    {
      provide: OutboundHttp,
      inject: [ROCKET_CONFIG],
      useFactory: (config: RocketConfig) =>
        new OutboundHttp({
          blockPrivateNetworks: config.outbound.block_private_networks,
          allowedHosts: config.outbound.allowed_hosts,
        }),
    },
    {
      provide: SecretReferences,
      inject: [ROCKET_CONFIG],
      useFactory: (config: RocketConfig) =>
        new SecretReferences({
          allow: config.secrets.env_allow,
          deny: [...BUILT_IN_ENV_DENY, ...config.secrets.env_deny, ...configEnvironmentNames()],
        }),
    },
  ],
  exports: [OutboundHttp, SecretReferences],
})
export class OutboundModule {}
