import { defineStrength } from '../../../engine/strength.js';
import { JOB_CALLBACK, JOB_DECORATOR } from '../../../project/entry-points.js';
import { isUsed } from '../../../project/knowledge/applied.js';
import { sourceLines } from '../../../project/source-text.js';

/** A delete of old data: an ORM delete or a SQL DELETE. */
const DELETES = /(^|\.)(delete|deleteMany|delete_many|destroy|remove|bulk_delete|purge|prune)$/;
const SQL_DELETE = /\bDELETE\s+FROM\b/i;
/** A cut-off in time: Django lookups, comparisons with a date, retention settings. */
const CUTOFF = /__(lt|lte)\b|\b(lt|lte)\s*:|<\s*(now|cutoff|threshold|timezone\.now|datetime|date|Date|\w*(ago|before|limit))|\b(cutoff|retention|older_than|olderThan|expire[sd]?|max_age|maxAge|ttl|days_to_keep|keep_days)\b|interval\s+'\d+/i;
const SCHEDULED_BY = /(^|\.)(add_job|every|schedule|scheduleJob|setInterval|add_periodic_task|cron)$/;

export default defineStrength({
  meta: {
    code: 'STR055',
    name: 'retention-job',
    category: 'database',
    title: 'Old data is pruned by a scheduled job',
    description: 'Credits a scheduled job that deletes data older than a cut-off and logs what it did, so tables and disks do not grow without bound.',
    condition:
      'A function that a scheduler runs (a periodic task or cron decorator, a Celery beat or APScheduler entry, `setInterval`/`cron.schedule`, a job callback) deletes rows with a time cut-off (`created__lt=…`, `lt: cutoff`, `DELETE … WHERE ts < now() - interval`, a retention setting) and logs.',
    archetypes: ['service', 'worker'],
    opposes: [],
    references: ['GDPR Art. 5(1)(e) storage limitation', 'Google SRE Workbook: data retention'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      file.functions.forEach((fn, index) => {
        const scheduled = fn.decorators.some((d) => JOB_DECORATOR.test(d.name)) || (fn.passedTo !== undefined && JOB_CALLBACK.test(fn.passedTo)) || (isUsed(project, fn.name) && project.code().some((f) => f.calls.some((c) => SCHEDULED_BY.test(c.callee) && c.args.some((a) => a.text.includes(fn.name)))));
        if (!scheduled) return;
        const calls = file.calls.filter((c) => c.fn === index);
        const deletes = calls.filter((c) => DELETES.test(c.callee) || c.args.some((a) => typeof a.value === 'string' && SQL_DELETE.test(a.value)));
        const body = sourceLines(project, file.path, fn.line, fn.endLine);
        if (deletes.length === 0 || !CUTOFF.test(body) || !calls.some((c) => /(^|\.)(info|warning|warn|debug|log)$/.test(c.callee) || c.callee === 'print' || /console\.log/.test(c.callee))) return;
        credit({ message: `\`${fn.qualifiedName}\` runs on a schedule, deletes data older than a cut-off and logs it: storage stays bounded and the pruning is visible.`, path: file.path, line: fn.line, related: [{ path: file.path, line: deletes[0]?.line ?? fn.line }] });
      });
    }
  },
});
