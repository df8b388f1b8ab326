export * from './auth.module';
export * from './auth-realm';
export * from './guards';
export * from './password.service';
export * from './session.service';
export * from './realms.service';
export * from './token.service';
export * from './bearer';
