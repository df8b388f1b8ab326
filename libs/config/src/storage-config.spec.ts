import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config-loader';

type Env = Record<string, string | undefined>;

describe('loadConfig storage.* (08 §8, §10.3)', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'rocket-storage-config-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const load = (env: Env = {}) => loadConfig(env, cwd).config;
  const withFile = (yaml: string, env: Env = {}): Env => {
    const file = join(cwd, `storage-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, yaml);
    return { ...env, ROCKET_CONFIG: file };
  };

  it('defaults: local disk under ./uploads resolved against the working directory, 10 MiB', () => {
    expect(load().storage).toEqual({
      driver: 'local',
      local_path: join(cwd, 'uploads'),
      max_file_size: 10485760,
      s3: { prefix: '', force_path_style: false },
    });
  });

  it('reads the file', () => {
    const config = load(
      withFile(
        'storage:\n  driver: s3\n  local_path: /srv/files\n  max_file_size: 2048\n' +
          '  s3:\n    bucket: b\n    region: eu-west-1\n    endpoint: http://127.0.0.1:9000\n    prefix: rocket/\n    force_path_style: true\n',
      ),
    );
    expect(config.storage).toEqual({
      driver: 's3',
      local_path: '/srv/files',
      max_file_size: 2048,
      s3: {
        bucket: 'b',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9000',
        prefix: 'rocket/',
        force_path_style: true,
      },
    });
  });

  it('environment overrides', () => {
    const config = load({
      ROCKET_STORAGE_DRIVER: 's3',
      ROCKET_STORAGE_PATH: 'files',
      ROCKET_MAX_FILE_SIZE: '20971520',
      ROCKET_S3_BUCKET: 'bucket',
      ROCKET_S3_REGION: 'us-east-1',
      ROCKET_S3_ENDPOINT: 'http://localhost:4566',
      ROCKET_S3_PREFIX: 'p/',
      ROCKET_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.storage).toEqual({
      driver: 's3',
      local_path: join(cwd, 'files'),
      max_file_size: 20971520,
      s3: {
        bucket: 'bucket',
        region: 'us-east-1',
        endpoint: 'http://localhost:4566',
        prefix: 'p/',
        force_path_style: true,
      },
    });
  });

  it.each<[string, Env]>([
    ['storage.driver', { ROCKET_STORAGE_DRIVER: 'ftp' }],
    ['storage.max_file_size', { ROCKET_MAX_FILE_SIZE: '0' }],
    ['storage.max_file_size', { ROCKET_MAX_FILE_SIZE: 'ten' }],
    ['storage.s3.force_path_style', { ROCKET_S3_FORCE_PATH_STYLE: 'yes' }],
    ['storage.s3.bucket', { ROCKET_STORAGE_DRIVER: 's3' }],
  ])('refuses a bad %s', (key, env) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(key);
  });

  it('a storage section that is not a mapping fails naming it', () => {
    expect(() => load(withFile('storage: local\n'))).toThrow('storage');
  });
});
