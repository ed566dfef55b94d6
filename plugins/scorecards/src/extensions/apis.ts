import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { scorecardsApiRef } from '../api/ScorecardsApi';
import { ScorecardsClient } from '../api/ScorecardsClient';

/** `api:scorecards`: the client of the scorecards backend. */
export const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScorecardsClient({ discoveryApi, fetchApi }),
    }),
});
