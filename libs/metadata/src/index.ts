export * from './definitions/definition.types';
export * from './registry/registry.types';
export * from './registry/build-registry';
export * from './registry/names';
export * from './registry/registry.service';
