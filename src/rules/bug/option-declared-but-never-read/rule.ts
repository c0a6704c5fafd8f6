import type { CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';
import type { ComponentProfile } from '../../../model/report.js';
import type { Project } from '../../../project/project.js';
import { type DeclaredOption, declaredOptions } from './option-specs.js';

type MessageId = 'neverRead';

const PARSER_NAMES: Record<DeclaredOption['parser'], string> = {
  arg: 'the `arg` spec',
  argparse: 'an argparse `add_argument`',
  click: 'a `@click.option`',
  commander: 'a commander `.option`',
  yargs: 'a yargs `.option`',
};

/** The parsed options are consumed wholesale somewhere (iterated, spread, `vars(args)`): reads cannot be counted. */
const JS_WHOLESALE = /Object\.(keys|entries|values|assign)\([^)]*\b(args|argv|opts|options|flags|parsed)\b|\.\.\.(args|argv|opts|options|flags|parsed)\s*[,}\]]|\bin\s+(args|argv|opts|options|flags)\s*\)/;
const PY_WHOLESALE = /\bvars\(\s*(self\.)?(args|options|opts|ns|namespace|parsed_args|arguments|params)\s*\)|\b(args|options|opts|ns|namespace|parsed_args|arguments)\.__dict__|\bgetattr\(\s*(self\.)?(args|options|opts|ns|namespace|parsed_args|arguments)\s*,\s*[a-z_]\w*\s*[,)]|\bctx\.params\b|\blocals\(\)/;

interface Source {
  file: CodeFacts;
  text: string;
  lines: string[];
}

function readCount(option: DeclaredOption, declaring: CodeFacts, sources: readonly Source[]): number {
  let count = 0;
  for (const { file, lines } of sources) {
    const from = option.scope && file === declaring ? option.scope.start : 1;
    const to = option.scope && file === declaring ? option.scope.end : lines.length;
    if (option.scope && file !== declaring) continue;
    for (let n = from; n <= to; n++) {
      if (file === declaring && n >= option.line && n <= option.endLine) continue;
      const line = lines[n - 1] ?? '';
      if (option.read.kind === 'quoted') {
        const key = escapeRegExp(option.read.key);
        if (!new RegExp(`(['"\`])${key}\\1`).test(line)) continue;
        // A type member (`'--x'?: boolean;`) declares the shape of the parsed result; it reads nothing.
        if (new RegExp(`^\\s*(readonly\\s+)?(['"])${key}\\2\\??\\s*:\\s*[^,=(){}]+;\\s*$`).test(line)) continue;
        count++;
      } else {
        for (const name of option.read.names) count += line.match(new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`, 'g'))?.length ?? 0;
      }
    }
  }
  // click: the parameter list names the option once; a read needs a second mention.
  return option.scope ? count - 1 : count;
}

/** Where the help text mentions the flag (unquoted, as a user reads it), for the finding's related evidence. */
function helpMention(option: DeclaredOption, declaring: CodeFacts, sources: readonly Source[]): { path: string; line: number } | undefined {
  const flag = new RegExp(`(^|[\\s,(])${escapeRegExp(option.flag)}(?![\\w-])(?!['"\`])`);
  for (const { file, lines } of sources) {
    const index = lines.findIndex((l, i) => flag.test(l) && !(file === declaring && i + 1 >= option.line && i + 1 <= option.endLine));
    if (index >= 0) return { path: file.path, line: index + 1 };
  }
  return undefined;
}

function sourcesOf(project: Project, component: ComponentProfile, python: boolean): Source[] {
  return project
    .codeOfComponent(component.path)
    .filter((f) => (f.language === 'python') === python)
    .map((file) => {
      const text = project.readText(file.path) ?? '';
      return { file, text, lines: text.split('\n') };
    });
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG002',
    name: 'option-declared-but-never-read',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: 'Command-line option declared but never read',
    description: 'A CLI option declared in the argument parser (and usually documented in the help) whose value nothing in the component reads: passing it changes nothing.',
    archetypes: ['cli', 'service', 'worker', 'library'],
    messages: {
      neverRead: '`{{flag}}` is declared in {{parser}}{{help}} but its value is never read anywhere in the component\'s source ({{searched}}): passing it changes nothing.',
    },
    fix: 'Implement the option where its behaviour belongs (read the parsed value and act on it), or remove it from the parser and the help text.',
    acceptance: 'Every declared option is read somewhere in the component, or is removed from the parser and the documentation.',
    references: ['pylint W0613 (unused-argument), for click parameters', 'CWE-561: Dead Code', 'CWE-1164: Irrelevant Code'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      for (const python of [false, true]) {
        const sources = sourcesOf(project, component, python);
        const declared = sources.map(({ file, lines }) => declaredOptions(file, lines));
        // Most components declare no option at all: nothing to look for.
        if (declared.every((options) => options.length === 0)) continue;
        const wholesalePattern = python ? PY_WHOLESALE : JS_WHOLESALE;
        // A line that matches is part of a text that matches: most files are ruled out by one test of the whole text.
        const wholesale = sources.filter(({ text, lines }) => wholesalePattern.test(text) && lines.some((l) => wholesalePattern.test(l))).map((s) => s.file.path);
        for (const [index, { file }] of sources.entries()) {
          const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : '';
          // Parsed options consumed wholesale near their declaration (same directory tree) cannot be counted.
          const unsure = wholesale.some((p) => p.startsWith(dir));
          for (const option of declared[index] ?? []) {
            if (unsure && option.parser !== 'click') continue;
            if (readCount(option, file, sources) > 0) continue;
            const help = helpMention(option, file, sources);
            const files = `${sources.length} ${python ? 'Python' : 'JavaScript/TypeScript'} file${sources.length === 1 ? '' : 's'}`;
            const searched =
              option.read.kind === 'quoted'
                ? `searched for \`'${option.read.key}'\` in ${files}`
                : option.scope
                  ? `the parameter \`${option.read.names[0] ?? ''}\` is unused in the command's body`
                  : `searched for ${option.read.names.map((n) => `\`${n}\``).join(', ')} in ${files}`;
            report({
              messageId: 'neverRead',
              data: { flag: option.flag, parser: PARSER_NAMES[option.parser], help: help ? ` and documented in the help text (${help.path}:${help.line})` : '', searched },
              path: file.path,
              line: option.line,
              endLine: option.endLine,
              related: help ? [help] : [],
              // argparse namespaces are also read through strings and helpers the search may not see.
              confidence: option.parser === 'argparse' ? 'medium' : 'high',
            });
          }
        }
      }
    }
  },
});
