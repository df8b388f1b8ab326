import { RocketConfig } from '@rocket/config';
import { FileStorage } from './file-storage';
import { LocalFileStorage } from './local-file-storage';
import { S3FileStorage } from './s3-file-storage';

/** The storage `storage.driver` names (08 §10.3); the local root is created at boot. */
export async function createFileStorage(storage: RocketConfig['storage']): Promise<FileStorage> {
  switch (storage.driver) {
    case 'local':
      return LocalFileStorage.create(storage.local_path);
    case 's3':
      return S3FileStorage.fromConfig(storage.s3);
  }
}
