import { isEnvFileName } from '../../../discover/classify.js';
import { defineRule } from '../../../engine/rule.js';
import { dockerIgnoreFor, isExcluded } from '../../../project/deployment/dockerignore.js';
import { copiesWholeContext, contextSources, finalChain, imageUses } from '../../../project/deployment/images.js';
import { joinPath } from '../../../util/paths.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'wholeContext' | 'copiesEnvFile' | 'writesFromExample';

const JUDGED = new Set(['service', 'worker']);
/** `cp env-example .env`, `mv .env.sample /app/.env`, `cat .env.dist > .env`, with an `if [ ! -f .env ]` guard or not. */
const FROM_EXAMPLE = /\b(?:cp|mv|cat)\s+(?:-\w+\s+)*(\S*(?:example|sample|template|dist|default)\S*)\s+>?\s*((?:\S*\/)?\.env)(?=[\s;'"]|$)/i;

function isEnvName(name: string): boolean {
  return /^\.env(\.[\w.-]+)?$/.test(name);
}

/** Why a `.env` is likely present in the build context: a file in it, a .gitignore entry, an example to copy from. */
function envEvidence(project: Project, context: string): { path: string; line: number; detail: string; committed: boolean } | null {
  const prefix = context === '.' ? '' : `${context}/`;
  const committed = project.files.find((f) => f.path.startsWith(prefix) && isEnvName(f.path.slice(f.path.lastIndexOf('/') + 1)) && !f.path.slice(prefix.length).includes('/'));
  if (committed) return { path: committed.path, line: 1, detail: `\`${committed.path}\` is in the build context`, committed: true };
  for (const gitignore of [...new Set([joinPath(context, '.gitignore'), '.gitignore'])]) {
    const text = project.file(gitignore) ? project.readText(gitignore) : null;
    const index = (text ?? '').split('\n').findIndex((l) => /^\/?(\*\*\/)?\.env(\*|\.\*|\.local)?\s*$/.test(l.trim()));
    if (index !== -1) return { path: gitignore, line: index + 1, detail: `\`.env\` is git-ignored (${gitignore}:${index + 1}), so it exists on the machines that build the image`, committed: false };
  }
  const example = project.files.find((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('/') && isEnvFileName(f.path.slice(f.path.lastIndexOf('/') + 1)));
  if (example) return { path: example.path, line: 1, detail: `\`${example.path}\` is there to be copied to \`.env\``, committed: false };
  return null;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC030',
    name: 'env-file-baked-into-image',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'Environment file baked into the image',
    description: 'A deployed image gets a `.env` file: the whole build context is copied with no `.env` exclusion in `.dockerignore`, a `.env` is copied explicitly, or a RUN writes `.env` from an example file.',
    archetypes: ['service', 'worker', 'infra'],
    messages: {
      wholeContext: '`{{instruction}}` copies the whole build context into the image and {{ignore}}; {{evidence}}: its secrets end up in an image layer that anyone who can pull the image can read.',
      copiesEnvFile: '`{{instruction}}` copies an environment file into the image: its values become part of an image layer, readable by anyone who can pull the image, and the runtime configuration is fixed at build time.',
      writesFromExample: '`{{instruction}}` writes `.env` from `{{example}}` into the image: the placeholder values (development mode, sample secrets) become the container\'s configuration unless every deployment overrides each of them.',
    },
    fix: 'Add `.env` and `.env.*` (keeping `!.env.example` if needed) to `.dockerignore`, copy only what the image needs, never write `.env` during the build, and pass configuration at run time (environment variables, secrets).',
    acceptance: 'The image contains no `.env` file: `.dockerignore` excludes it, no COPY names one, no RUN creates one; the container gets its configuration from the orchestrator.',
    references: ['CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory', 'CWE-798', 'hadolint (no rule)', 'Docker docs: .dockerignore', 'OWASP Docker Security Cheat Sheet, rule 12'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const use of imageUses(project)) {
      if (use.purpose !== 'deploy' || !use.component || !JUDGED.has(use.component.archetype)) continue;
      const path = use.dockerfile.path;
      for (const stage of finalChain(use.dockerfile)) {
        for (const copy of stage.copies) {
          const instruction = `${copy.keyword} ${copy.value}`.slice(0, 80);
          const sources = contextSources(copy);
          const envSource = sources.find((s) => isEnvFileName(s.slice(s.lastIndexOf('/') + 1)) && !/example|sample|template/i.test(s));
          const target = copy.value.split(/\s+/).pop() ?? '';
          const exampleToEnv = sources.find((s) => /example|sample|template|dist/i.test(s)) && /(^|\/)\.env$/.test(target);
          if (envSource || exampleToEnv) {
            report({ messageId: 'copiesEnvFile', data: { instruction }, path, line: copy.line });
            continue;
          }
          if (!copiesWholeContext(copy)) continue;
          for (const context of use.contexts) {
            const ignore = dockerIgnoreFor(project, path, context);
            if (isExcluded(ignore, '.env')) continue;
            const evidence = envEvidence(project, context);
            if (!evidence) continue;
            const ignoreText = ignore
              ? `\`${ignore.path}\` (${ignore.patterns.length} pattern${ignore.patterns.length === 1 ? '' : 's'}) does not exclude \`.env\``
              : 'there is no `.dockerignore` to exclude `.env`';
            const related = [...(ignore ? [{ path: ignore.path, line: 1, endLine: Math.max(1, ...ignore.patterns.map((p) => p.line)) }] : []), { path: evidence.path, line: evidence.line }];
            report({ messageId: 'wholeContext', data: { instruction, ignore: ignoreText, evidence: evidence.detail }, path, line: copy.line, related, confidence: evidence.committed ? 'high' : 'medium' });
            break;
          }
        }
        for (const run of stage.runs) {
          const match = FROM_EXAMPLE.exec(run.value);
          if (!match?.[1]) continue;
          report({ messageId: 'writesFromExample', data: { instruction: `RUN ${run.value}`.slice(0, 100), example: match[1] }, path, line: run.line, endLine: run.endLine });
        }
      }
    }
  },
});
