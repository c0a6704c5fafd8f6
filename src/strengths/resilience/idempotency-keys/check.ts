import { defineStrength } from '../../../engine/strength.js';

const KEY = /["']Idempotency-Key["']|["']idempotency-key["']|\bidempotency_key\s*=|\bidempotencyKey\s*:|["']X-Idempotency-Key["']/;

export default defineStrength({
  meta: {
    code: 'STR052',
    name: 'idempotency-keys',
    category: 'resilience',
    title: 'Idempotency keys on retried writes',
    description: 'Credits writes that carry an idempotency key (sent to a payment or messaging API, or honoured by the service itself), so a retried or replayed request does not act twice.',
    condition: 'Production code sends an `Idempotency-Key` header or an SDK `idempotency_key`/`idempotencyKey` option with a request, or reads the header from incoming requests to deduplicate them.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['IETF draft: The Idempotency-Key HTTP Header Field', 'Stripe docs: Idempotent requests'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const text = project.readText(file.path);
      if (!text || !KEY.test(text)) continue;
      const index = text.split('\n').findIndex((l) => KEY.test(l) && !/^\s*(#|\/\/|\*)/.test(l));
      if (index === -1) continue;
      credit({ message: 'Writes carry an idempotency key: a request retried after a timeout (or replayed by a queue) is applied once, not twice.', path: file.path, line: index + 1 });
    }
  },
});
