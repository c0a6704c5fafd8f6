import { defineStrength } from '../../../engine/strength.js';

/** Words of commands that destroy or move money. */
const DESTRUCTIVE = /delete|remove|drop|purge|prune|reset|destroy|wipe|clear|truncate|uninstall|revoke|refund|charge|pay|transfer|withdraw/i;
/** Confirmation prompts: click/typer confirm, a confirmation option, inquirer/prompts confirm, a y/N input. */
const CONFIRM = /(^|\.)(confirm|confirmation_option|prompt_toolkit\.shortcuts\.confirm|Confirm\.ask|askYesNo|yesno)$/;

export default defineStrength({
  meta: {
    code: 'STR060',
    name: 'destructive-command-confirmation',
    category: 'api-design',
    title: 'Destructive commands ask for confirmation',
    description: 'Credits CLI commands that delete data or move money and ask for confirmation first (or require an explicit --yes).',
    condition: 'A function whose name says it deletes, drops, purges, resets, revokes or moves money calls a confirmation prompt (click/typer `confirm`, `Confirm.ask`, an inquirer/prompts confirm) or carries `@click.confirmation_option`.',
    archetypes: ['cli', 'worker', 'service'],
    opposes: [],
    references: ['Command Line Interface Guidelines: "Confirm before doing anything dangerous"'],
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
      const hit = file.functions.findIndex((fn, index) => DESTRUCTIVE.test(fn.name) && (fn.decorators.some((d) => /confirmation_option$/.test(d.name)) || file.calls.some((c) => c.fn === index && CONFIRM.test(c.callee))));
      const fn = file.functions[hit];
      if (!fn) continue;
      credited.add(component);
      credit({ message: `\`${fn.name}\` asks for confirmation before it destroys anything: a slip of the keyboard does not delete data.`, path: file.path, line: fn.line });
    }
  },
});
