import { ScorecardEngine } from './engine';

/** The scorecards library behind {@link ScorecardEngine}. */
export function createLibraryEngine(options: {
  definitionsDir: string;
}): ScorecardEngine {
  throw new Error(`TODO library: ${options.definitionsDir}`);
}
