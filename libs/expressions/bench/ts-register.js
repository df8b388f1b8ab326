'use strict';
/**
 * Lets a plain `node` script require the lib's TypeScript: each `.ts` file
 * is transpiled with @swc/core (already a dev dependency, used by jest) and
 * `@rocket/<lib>` resolves to `libs/<lib>/src`, as in tsconfig.json.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const LIBS = join(__dirname, '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@rocket\/([^/]+)$/.exec(request);
  return resolve.call(this, m ? join(LIBS, m[1], 'src') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
