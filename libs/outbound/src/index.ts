export * from './address-policy';
export * from './secret-references';
export * from './outbound-http';
export * from './outbound.module';
