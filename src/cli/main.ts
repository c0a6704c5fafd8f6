#!/usr/bin/env node
/**
 * The command line. The only place that prints errors and chooses exit codes:
 * 0 ok, 1 gate failed (--fail-on), 2 usage or input error (one line and a hint, no stack trace), 3 internal error.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, isKnownError } from '../errors.js';
import { VERSION } from '../version.js';
import { forTerminal } from '../render/boundary.js';
import { FORMATS } from '../render/index.js';
import { auditCommand, type AuditCommandOptions } from './commands/audit.js';
import { explainCommand } from './commands/explain.js';
import { profileCommand } from './commands/profile.js';
import { rulesCommand } from './commands/rules.js';
import { usageErrorOf } from './usage-error.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('seaworthy')
    .description('Audits a repository for production readiness and reports, with evidence, what will break first.')
    .version(VERSION)
    .exitOverride()
    // Commander's own errors are printed by main() in seaworthy's format (usage-error.ts), not by Commander.
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: () => undefined })
    .showSuggestionAfterError();

  program
    .command('audit')
    .description('audit a repository and report findings, strengths and a score')
    .argument('[path]', 'folder to audit', '.')
    .addOption(new Option('-f, --format <format>', 'output on stdout').choices([...FORMATS]).default('text'))
    .option('-o, --output <file>', 'also write a report file; the format follows the extension (.json, .md, .html, .txt, .sarif); repeatable', collect, [])
    .option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (blocker, high, medium, low, info, none); with a baseline, only new findings count')
    .option('--baseline <file>', 'compare with an earlier JSON report: only findings not in it count for --fail-on')
    .option('--baseline-ref <ref>', 'compare with the same folder at a git ref (e.g. origin/main): only new findings count for --fail-on')
    .option('--sarif-include-suppressed', 'SARIF: also list inline-suppressed findings, marked as suppressed', false)
    .option('--config <file>', 'configuration file (default: .seaworthy.yml or .seaworthy.yaml in the audited folder)')
    .option('--only <rules>', 'run only these rules, codes or categories (comma-separated, repeatable)', collect, [])
    .option('--skip <rules>', 'skip these rules, codes or categories (comma-separated, repeatable)', collect, [])
    .option('-j, --jobs <n>', 'worker threads for parsing (default: CPUs, at most 2)')
    .option('-v, --verbose', 'list every finding and file problem', false)
    .option('--preview', 'also report preview rules (not yet measured precise enough to be on by default): marked, never scored', false)
    .option('--color', 'colour the text output even when stdout is not a terminal')
    .option('--no-color', 'never colour the output (also: NO_COLOR=1, TERM=dumb)')
    .action(async (path: string, opts: Omit<AuditCommandOptions, 'path'>) => {
      setExit(await auditCommand({ path, ...opts }, process.stdout));
    });

  program
    .command('profile')
    .description('show the project model: components, archetypes with evidence, and inventories')
    .argument('[path]', 'folder to profile', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-j, --jobs <n>', 'worker threads for parsing')
    .action(async (path: string, opts: { format: string; jobs?: string }) => {
      process.stdout.write(await profileCommand(path, opts.format, opts.jobs === undefined ? undefined : Number(opts.jobs)));
    });

  program
    .command('explain')
    .description('explain the score (--score [PATH]), a rule (RULE) or one finding (FINGERPRINT [PATH])')
    .argument('[subject]', 'rule name or code, finding fingerprint (or its first 6+ characters), or the PATH with --score')
    .argument('[path]', 'folder to audit for a fingerprint (default: .)')
    .option('--score', 'list, per category, the findings that cost points and how many', false)
    .option('--report <file>', 'read findings from a JSON report instead of auditing again')
    .option('-j, --jobs <n>', 'worker threads for parsing')
    .action(async (subject: string | undefined, path: string | undefined, opts: { score: boolean; report?: string; jobs?: string }) => {
      process.stdout.write(
        await explainCommand({
          ...(subject === undefined ? {} : { subject }),
          ...(path === undefined ? {} : { path }),
          score: opts.score,
          ...(opts.report ? { report: opts.report } : {}),
          ...(opts.jobs === undefined ? {} : { jobs: Number(opts.jobs) }),
        }),
      );
    });

  program
    .command('rules')
    .description('list the rules (or, with --strengths, the strength checks), or print the documentation of one')
    .argument('[id]', 'rule or strength check name or code')
    .option('--strengths', 'list the strength checks: the good practices seaworthy credits, and the condition of each', false)
    .addOption(new Option('-f, --format <format>', 'output format of the list').choices(['text', 'json']).default('text'))
    .action((id: string | undefined, opts: { strengths: boolean; format: string }) => {
      process.stdout.write(rulesCommand(id, { strengths: opts.strengths, format: opts.format === 'json' ? 'json' : 'text' }));
    });
  return program;
}

/** Commander reports these after printing help or the version itself: nothing more to say. */
const COMMANDER_OUTPUT = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (caught) {
    let error = caught;
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they exit 0 (help shown for a missing command exits 2).
      if (COMMANDER_OUTPUT.has(error.code)) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const command = program.commands.find((c) => c.name() === argv[0])?.name();
      error = usageErrorOf(error, command);
    }
    if (isKnownError(error)) {
      process.stderr.write(`seaworthy: error: ${forTerminal(error.message)}\n  hint: ${forTerminal(error.hint)}\n`);
      return error.exitCode;
    }
    return reportInternalError(error);
  }
}

function reportInternalError(error: unknown): number {
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`seaworthy: internal error: ${forTerminal(err.message)}\n  hint: this is a bug in seaworthy; please report it with the command you ran${process.env['SEAWORTHY_DEBUG'] ? `\n${err.stack ?? ''}` : ' (set SEAWORTHY_DEBUG=1 for details)'}\n`);
  return EXIT.internal;
}

// A reader that stops early (`seaworthy audit -f json | head -c 100`) closes the pipe: the rest of the output has
// nowhere to go, which is the reader's choice, not an error. The exit code stays the audit's (report files are
// still written and the gate still applies).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    process.exit(reportInternalError(error));
  });
}

// An error thrown outside the command's promise (an event handler, a stream) is internal too: exit 3, never 0 or 1.
process.on('uncaughtException', (error) => {
  process.exit(reportInternalError(error));
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.internal;
  },
);
