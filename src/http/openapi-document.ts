import type { AppContext } from '../app/context.js';
import { buildOpenApi } from './openapi.js';
import { apiRoutes } from './server.js';

/** The OpenAPI document without a running server: the routes' schemas are all it needs. */
export function openApiDocument(): ReturnType<typeof buildOpenApi> {
  const offline: AppContext = {
    get store(): never {
      throw new Error('the OpenAPI document needs no database');
    },
    clock: () => new Date(0),
  };
  return buildOpenApi(apiRoutes(offline));
}
