import { TestServer } from './support/test-server';

describe('smoke', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.close());

  it('creates an app and logs into it', async () => {
    const app = await server.createApp();
    const login = await server.appLogin(app);
    const me = await server.get(`/api/${app}/auth/me`, { token: login.access_token });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ email: 'admin@localhost', roles: ['admin'], active: true });
  });
});
