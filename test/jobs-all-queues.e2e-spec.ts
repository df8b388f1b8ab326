import { JobRunner } from '@rocket/jobs';
import { TenancyService } from '@rocket/tenancy';
import { TestServer } from './support/test-server';

/**
 * Every queue this build registers (webhook deliveries, the workflow
 * runner…) declares its due-time probe, so the server's own sweep asks
 * idle apps without opening them (08 §7, issue 9). A queue added without
 * `dueAtSql` would make every sweep enter every app: this catches it.
 */
describe('the server sweep over idle apps, all queues registered', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.close());

  it('probes closed apps and enters none of them, maintenance turns included', async () => {
    const apps = [await server.createApp(), await server.createApp()];
    const tenancy = server.app.get(TenancyService);
    for (const app of apps) await tenancy.evict(app, 0);
    expect(apps.some((app) => tenancy.isOpen(app))).toBe(false);

    const runner = server.app.get(JobRunner);
    await runner.sweep(); // the first look after the apps were written
    const report = await runner.sweep();
    expect(report.apps).toBeGreaterThanOrEqual(2);
    expect(report.entered).toBe(0);
    expect(report.due).toBe(0);
    for (const app of apps) expect(tenancy.isOpen(app)).toBe(false);
  });
});
