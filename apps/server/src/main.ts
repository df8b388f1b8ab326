import 'reflect-metadata';
import { ConfigError, loadConfig } from '@rocket/config';
import { createLogger } from '@rocket/logging';
import { createServer } from './bootstrap';

/** Boot: config → server → listen; SIGTERM/SIGINT drain and close (08 §7). */
async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(loaded.config.server.log_level);
  const app = await createServer(loaded, logger);
  await app.listen({ port: loaded.config.server.port, host: loaded.config.server.host });
  logger.info({ port: loaded.config.server.port, env: loaded.config.server.env }, 'Rocket is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: draining requests');
    const drain = loaded.config.server.shutdown_drain_ms;
    const force = setTimeout(() => {
      logger.error('Drain time exceeded; exiting');
      process.exit(1);
    }, drain + 15000);
    force.unref();
    try {
      await app.close();
      logger.info('Shutdown complete');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'Shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`Rocket failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
