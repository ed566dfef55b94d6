import { Command } from 'commander';
import { CliIo } from '../lib/io';
import { registerManifestsCheck } from './manifestsCheck';
import { registerOwnershipBench } from './ownershipBench';
import { registerOwnershipCheck } from './ownershipCheck';
import { registerScorecardCheck } from './scorecardCheck';
import { registerTemplateCheck } from './templateCheck';
import { registerUpgrade } from './upgrade';

/**
 * The command group `name` (`conway <name> ...`), created on first use, so
 * that commands of one topic share it: `ownership check`, `bench ownership`.
 */
export function commandGroup(
  program: Command,
  name: string,
  description: string,
): Command {
  const existing = program.commands.find(c => c.name() === name);
  return existing ?? program.command(name).description(description);
}

/**
 * Registers every command. One file per command under src/commands/; to add
 * one, write `<group><Name>.ts` with a `register...` function like
 * {@link registerOwnershipCheck} and call it here.
 */
export function registerCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  registerOwnershipCheck(
    commandGroup(
      program,
      'ownership',
      "Ownership analysis of the catalog (Conway's law)",
    ),
    io,
    setExitCode,
  );
  registerManifestsCheck(
    commandGroup(
      program,
      'manifests',
      "Kubernetes manifests: schema and policy checks (the golden path's rules)",
    ),
    io,
    setExitCode,
  );
  registerOwnershipBench(
    commandGroup(program, 'bench', 'Benchmarks'),
    io,
    setExitCode,
  );
  registerScorecardCheck(
    commandGroup(
      program,
      'scorecard',
      "Scorecards: a service's checks and level (the portal's rules)",
    ),
    io,
    setExitCode,
  );
  registerTemplateCheck(
    commandGroup(
      program,
      'template',
      'Golden paths: check a template with its answer fixtures (for the SREs who maintain it)',
    ),
    io,
    setExitCode,
  );
  registerUpgrade(program, io, setExitCode);
}
