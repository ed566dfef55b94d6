import express from 'express';
import Router from 'express-promise-router';
import { FileLocationGuard } from './services/FileLocationGuard';

/**
 * Runs in the catalog's router before its own routes: a `file` location
 * registered (`POST /locations`, dry runs included) or changed
 * (`PUT /locations/:id`) through the API must point inside the guard's roots.
 * Other requests pass through untouched.
 */
export function createRegistrationGuardRouter(options: {
  guard: FileLocationGuard;
}): express.Router {
  const router = Router();
  const check = async (req: express.Request) => {
    const { type, target } = (req.body ?? {}) as {
      type?: unknown;
      target?: unknown;
    };
    if (type === 'file' && typeof target === 'string') {
      await options.guard.check(target);
    }
    return 'next' as const;
  };
  router.post('/locations', express.json(), check);
  router.put('/locations/:id', express.json(), check);
  return router;
}
