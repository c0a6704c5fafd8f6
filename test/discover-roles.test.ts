/** File roles from paths: what counts as a test, a script, an example or the shipped source. */
import { describe, expect, it } from 'vitest';
import { roleOf } from '../src/discover/classify.js';

describe('roleOf', () => {
  it.each([
    ['integration_test/integration_test/settings.py', 'test'],
    ['integration-tests/api.spec.ts', 'test'],
    ['functional_tests/test_login.py', 'test'],
    ['netbox/netbox/configuration_testing.py', 'test'],
    ['scripts/smoketest_configuration.py', 'test'],
    ['app/settings_ci.py', 'test'],
    ['tests.py', 'test'],
    ['blog/model_tests.py', 'test'],
    ['flask/testing.py', 'source'],
    ['app/integrations/stripe.py', 'source'],
    ['netbox/netbox/configuration.py', 'source'],
    ['extra/push-examples/python/index.py', 'example'],
    ['docs_samples/client.py', 'example'],
    ['extra/release/merge-pr.mjs', 'script'],
    ['server/monitor-types/snmp.js', 'source'],
    ['sentry/sentry.conf.example.py', 'example'],
    ['app/example.py', 'source'],
  ] as const)('%s is %s', (path, role) => {
    expect(roleOf(path, 'python')).toBe(role);
  });
});
