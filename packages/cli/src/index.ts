/**
 * Conway's command line: `conway ownership check`, `conway manifests check`,
 * `conway upgrade`, `conway bench ownership`.
 *
 * @packageDocumentation
 */

import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { CliIo, ExitCode, processIo } from './lib/io';

export { runOwnershipCheck } from './commands/ownershipCheck';
export type {
  OwnershipCheckOptions,
  OutputFormat,
} from './commands/ownershipCheck';
export { runManifestsCheck } from './commands/manifestsCheck';
export type { ManifestsCheckOptions } from './commands/manifestsCheck';
export type { CliIo } from './lib/io';
export { ExitCode } from './lib/io';

/** The `conway` program; commands report their exit code through `setExitCode`. */
export function createProgram(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command('conway')
    .description("Conway's developer platform command line")
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout(text),
      writeErr: text => io.stderr(text),
    })
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program, io, setExitCode);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs the command line and resolves to the exit code (see {@link ExitCode}):
 * help and version exit 0, usage errors 2.
 */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = createProgram(io, c => {
    code = c;
  });
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return ExitCode.Usage;
    }
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    io.stderr(`error ${(error as Error)?.message ?? error}\n`);
    return ExitCode.Failed;
  }
}
