import { GUARDS_METADATA, HTTP_CODE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { AppError } from '@rocket/errors';
import { Registry, RegistryService } from '@rocket/metadata';
import { ExpressionsController } from './expressions.controller';
import { ExpressionsService } from './expressions.service';

describe('ExpressionsController', () => {
  const entity = {
    name: 'invoice',
    pk: { name: 'id' },
    fields: [
      { name: 'id', kind: 'uuid' },
      { name: 'total', kind: 'int' },
    ],
  };
  const registry = { current: () => ({ entities: new Map([['invoice', entity]]) }) as unknown as Registry };
  const controller = new ExpressionsController(new ExpressionsService(registry as unknown as RegistryService));

  it('is an admin route of the app: /api/:app/_admin/expressions/check, 200', () => {
    expect(Reflect.getMetadata(PATH_METADATA, ExpressionsController)).toBe('api/:app/_admin/expressions');
    expect(Reflect.getMetadata(GUARDS_METADATA, ExpressionsController)).toEqual([AppAuthGuard, AdminGuard]);
    const check = Object.getOwnPropertyDescriptor(ExpressionsController.prototype, 'check')!.value as object;
    expect(Reflect.getMetadata(PATH_METADATA, check)).toBe('check');
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, check)).toBe(200);
  });

  it('answers {data} using the current registry', () => {
    expect(
      controller.check({
        expression: 'record.total > 1',
        kind: 'rule',
        entity: 'invoice',
        env: { record: { total: '2' } },
      }),
    ).toEqual({
      data: { valid: true, identifiers: ['record'], result: true },
    });
  });

  it('answers 400 to a body that is not an object', () => {
    for (const body of [null, [], 'x', 5]) {
      expect(() => controller.check(body)).toThrow(AppError);
      try {
        controller.check(body);
      } catch (e) {
        expect((e as AppError).status).toBe(400);
      }
    }
  });
});
