import { defineStrength } from '../../../engine/strength.js';

/** Folders that hold decision records by convention (adr-tools, MADR, log4brains). */
const ADR_FOLDER = /(^|\/)(adrs?|decisions|decision-records|architecture-decisions|architecture\/decisions)\/(.+\/)?[^/]+\.(md|markdown|rst|adoc)$/i;
/** A record's file name: numbered (`0001-use-postgres.md`) or dated (`2024-05-01-use-postgres.md`). */
const RECORD_NAME = /(^|\/)(adr[-_]?)?\d{3,4}[-_][^/]+\.(md|markdown|rst|adoc)$|(^|\/)\d{4}-\d{2}-\d{2}[-_][^/]+\.(md|markdown|rst|adoc)$/i;

export default defineStrength({
  meta: {
    code: 'STR066',
    name: 'architecture-decision-records',
    category: 'docs',
    title: 'Architecture decisions are recorded',
    description: 'Credits a folder of architecture decision records (ADRs): numbered or dated documents that say what was decided, why, and what it costs.',
    condition: 'The repository holds two or more numbered or dated documents (`0001-….md`, `2024-05-01-….md`) in a decision-record folder (`adr/`, `adrs/`, `decisions/`, `architecture/decisions/`, `decision-records/`).',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['Michael Nygard: Documenting Architecture Decisions', 'MADR (Markdown Any Decision Records)', 'adr-tools'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const records = project.paths().filter((p) => ADR_FOLDER.test(p) && RECORD_NAME.test(p) && !/(^|\/)(node_modules|vendor|\.venv)\//.test(p));
    const first = records[0];
    if (records.length < 2 || !first) return;
    const folder = first.slice(0, first.lastIndexOf('/'));
    // The record's title: its first line with text, past comments and front matter fences.
    const title = Math.max(0, (project.readText(first) ?? '').split('\n').findIndex((l) => l.trim() !== '' && !/^\s*(<!--|---)/.test(l)));
    credit({
      message: `${records.length} architecture decision records in \`${folder}/\`: a newcomer can read why the system is built the way it is before changing it.`,
      path: first,
      line: title + 1,
      related: records.slice(1, 3).map((path) => ({ path, line: 1 })),
    });
  },
});
