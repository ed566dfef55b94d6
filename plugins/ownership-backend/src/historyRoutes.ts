import { ConflictError } from '@backstage/errors';
import { stringifyRef } from '@conway/plugin-ownership-common';
import express from 'express';
import { HistoryService } from './services/HistoryService';

/** What the history routes need. */
export interface HistoryRouteOptions {
  history: HistoryService;
  /** Starts the scheduled history task now (on whichever replica claims it). */
  triggerRun: () => Promise<void>;
}

/**
 * `GET /history`, `GET /history/components/:namespace/:name`,
 * `GET /history/teams/:namespace/:name` and `POST /history/refresh`. They read
 * the stored results of the latest run and never wait for mining; before the
 * first run they answer `state: 'pending'`.
 */
export function addHistoryRoutes(
  router: express.Router,
  options: HistoryRouteOptions,
): void {
  const { history, triggerRun } = options;

  router.get('/history', async (_req, res) => {
    res.json(await history.fleet());
  });

  router.get('/history/components/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params;
    res.json(
      await history.component(
        stringifyRef({ kind: 'component', namespace, name }),
      ),
    );
  });

  router.get('/history/teams/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params;
    res.json(
      await history.team(stringifyRef({ kind: 'group', namespace, name })),
    );
  });

  router.post('/history/refresh', async (_req, res) => {
    if (!history.enabled) {
      throw new ConflictError(
        'The ownership history is disabled (ownership.history.enabled: false)',
      );
    }
    // Fails with a ConflictError while a run is under way.
    await triggerRun();
    res.status(202).json(await history.status());
  });
}
