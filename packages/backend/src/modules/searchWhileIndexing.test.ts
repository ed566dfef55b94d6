import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { answerEmptyWhileIndexing } from './searchWhileIndexing';

const catalogQuery = { term: 'checkout', types: ['software-catalog'] };

describe('answerEmptyWhileIndexing', () => {
  it('answers an empty page while the index is being built, then the indexed documents', async () => {
    const lunr = new LunrSearchEngine({ logger: mockServices.logger.mock() });
    // The engine itself refuses: what the portal showed as a server error right after start-up.
    await expect(lunr.query(catalogQuery)).rejects.toThrow(/Missing index for software-catalog/);

    const engine = answerEmptyWhileIndexing(lunr);
    await expect(engine.query(catalogQuery)).resolves.toEqual({ results: [], numberOfResults: 0 });

    await pipeline(
      Readable.from([{ title: 'checkout-service', text: 'checkout', location: '/catalog/default/component/checkout-service' }]),
      await engine.getIndexer('software-catalog'),
    );
    const found = await engine.query(catalogQuery);
    expect(found.results.map(r => r.document.title)).toEqual(['checkout-service']);
  });

  it('passes on any other failure', async () => {
    const broken = new LunrSearchEngine({ logger: mockServices.logger.mock() });
    broken.setTranslator(() => {
      throw new Error('translator broke');
    });
    await expect(answerEmptyWhileIndexing(broken).query(catalogQuery)).rejects.toThrow('translator broke');
  });
});
