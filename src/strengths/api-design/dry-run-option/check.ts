import { defineStrength } from '../../../engine/strength.js';

/** A dry-run option declared by a CLI framework. */
const DECLARED = /["'](-\w,\s*)?--dry-?run\b|\bdry_run\s*[:=]\s*(bool|typer\.Option|Annotated|click|False)|dryRun\s*:\s*(boolean|\{)/;
/** The option decides something: `if dry_run:`, `if (options.dryRun)`, `args.dry_run and …`. */
const READ = /\bif\s*\(?\s*(not\s+|!)?[\w.]*(dry_run|dryRun)\b|[\w.]*(dry_run|dryRun)\s*(\?|&&|\band\b|\bor\b|\|\|)/;

export default defineStrength({
  meta: {
    code: 'STR059',
    name: 'dry-run-option',
    category: 'api-design',
    title: 'Dry-run mode for commands that change things',
    description: 'Credits a CLI that offers a `--dry-run` option and branches on it, so a user can see what a command would do before it does it.',
    condition: 'A production file of a CLI declares a `--dry-run` option (click, typer, argparse, commander, yargs) and the same file or component reads it in a condition.',
    archetypes: ['cli', 'worker', 'service'],
    opposes: [],
    references: ['Command Line Interface Guidelines: "Provide a --dry-run option"'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const file of project.code()) {
      const owner = project.componentOf(file.path);
      const component = owner?.path ?? '.';
      // A dialog in a web page is not a command: these checks judge what runs in a terminal or a process.
      if (credited.has(component) || project.contextOf(file.path).context === 'browser') continue;
      const text = project.readText(file.path);
      if (!text || !DECLARED.test(text)) continue;
      const lines = text.split('\n');
      const declared = lines.findIndex((l) => DECLARED.test(l) && !/^\s*(#|\/\/)/.test(l));
      const readHere = lines.some((l) => READ.test(l));
      const readElsewhere = !readHere && project.code().some((f) => f !== file && project.componentOf(f.path)?.path === component && READ.test(project.readText(f.path) ?? ''));
      if (declared === -1 || !(readHere || readElsewhere)) continue;
      credited.add(component);
      credit({ message: 'Commands that change things take `--dry-run` and branch on it: a user can see what would happen before it happens.', path: file.path, line: declared + 1 });
    }
  },
});
