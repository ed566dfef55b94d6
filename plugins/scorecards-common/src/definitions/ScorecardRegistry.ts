import type { DefinitionError, ScorecardDefinition } from '../apiTypes';
import { parseScorecard, ScorecardDefinitionError } from './parseScorecard';

/** A definition file's text. @public */
export interface DefinitionFile {
  file: string;
  text: string;
}

/** What {@link ScorecardRegistry.update} did. @public */
export interface RegistryUpdate {
  /** The definitions in effect after the update, in file order. */
  scorecards: ScorecardDefinition[];
  /** Files refused, each with file, line and reason; their previous definition (if any) stays. */
  errors: DefinitionError[];
}

function asDefinitionError(file: string, error: unknown): DefinitionError {
  if (error instanceof ScorecardDefinitionError) {
    return { file: error.file, line: error.line, message: error.reason };
  }
  return { file, line: 1, message: (error as Error).message };
}

/**
 * The scorecard definitions in effect. Each update reads every file again;
 * a file that is now invalid is refused with its error and its previous
 * definition stays in effect, so a typo in one YAML file never takes a
 * scorecard away from the fleet.
 *
 * @public
 */
export class ScorecardRegistry {
  private byFile = new Map<string, ScorecardDefinition>();

  /** The definitions in effect. */
  get scorecards(): ScorecardDefinition[] {
    return [...this.byFile.values()];
  }

  /** The scorecard with this id, if loaded. */
  get(id: string): ScorecardDefinition | undefined {
    return this.scorecards.find(s => s.id === id);
  }

  /** Replaces the definitions with those of `files`; files no longer present are dropped. */
  update(files: DefinitionFile[]): RegistryUpdate {
    const errors: DefinitionError[] = [];
    const next = new Map<string, ScorecardDefinition>();
    const idOwner = new Map<string, string>();
    const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
    for (const { file, text } of sorted) {
      let definition: ScorecardDefinition | undefined;
      try {
        definition = parseScorecard(text, file);
        const other = idOwner.get(definition.id);
        if (other !== undefined) {
          throw new ScorecardDefinitionError(
            file,
            definition.source?.line ?? 1,
            `duplicate scorecard id '${definition.id}' (also defined in ${other})`,
          );
        }
      } catch (error) {
        errors.push(asDefinitionError(file, error));
        definition = this.byFile.get(file);
        if (definition && idOwner.has(definition.id)) definition = undefined;
      }
      if (definition) {
        idOwner.set(definition.id, file);
        next.set(file, definition);
      }
    }
    this.byFile = next;
    return { scorecards: this.scorecards, errors };
  }
}
