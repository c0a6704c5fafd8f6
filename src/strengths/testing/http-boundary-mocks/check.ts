import type { CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';

interface Tool {
  name: string;
  /** Import specifiers of the library (first segment for Python, package name for JavaScript). */
  module: RegExp;
  /** Calls or decorators that apply it: a mock router, an interceptor, a cassette, a container. */
  use: RegExp;
  /** pytest fixtures the library provides: a test that takes one as a parameter applies it. */
  fixtures?: RegExp;
}

/** Libraries that fake or stand up what lies beyond the process boundary: HTTP servers, recorded cassettes, real databases in containers. */
const TOOLS: readonly Tool[] = [
  { name: 'respx', module: /^respx$/, use: /^respx\.(mock|get|post|put|patch|delete|route|router|MockRouter)$/, fixtures: /^respx_mock$/ },
  { name: 'responses', module: /^responses$/, use: /^responses\.(activate|add|get|post|put|patch|delete|RequestsMock|start|_recorder\.record)$/, fixtures: /^mocked_responses$/ },
  { name: 'pytest-httpx', module: /^pytest_httpx$/, use: /^httpx_mock\.add_response$/, fixtures: /^httpx_mock$/ },
  { name: 'requests-mock', module: /^requests_mock$/, use: /^requests_mock\.(Mocker|mock)$|^Mocker$/, fixtures: /^requests_mock$/ },
  { name: 'VCR cassettes', module: /^(vcr|pytest_recording|pytest_vcr)$/, use: /^(vcr\.use_cassette|vcr\.VCR|my_vcr\.use_cassette|pytest\.mark\.vcr|use_cassette)$/ },
  { name: 'httpretty', module: /^httpretty$/, use: /^httpretty\.(activate|register_uri|enable)$/ },
  { name: 'aioresponses', module: /^aioresponses$/, use: /^aioresponses$/ },
  { name: 'testcontainers', module: /^testcontainers$|^@testcontainers\//, use: /(Postgres|PostgreSql|MySql|MySQL|MariaDb|Mongo|MongoDB|Redis|Kafka|RabbitMQ|Elasticsearch|Minio|LocalStack|Generic)Container$|^DockerCompose(Environment)?$/ },
  { name: 'nock', module: /^nock$/, use: /^nock(\.(define|back|recorder\.rec))?$/ },
  { name: 'msw', module: /^msw(\/node)?$/, use: /^(setupServer|setupWorker)$/ },
  { name: 'undici MockAgent', module: /^undici$/, use: /^MockAgent$/ },
  { name: 'fetch-mock', module: /^fetch-mock/, use: /^fetchMock\.(mock|get|post|route|mockGlobal)$/ },
  { name: 'axios-mock-adapter', module: /^axios-mock-adapter$/, use: /^(MockAdapter|AxiosMockAdapter)$/ },
];

function importsTool(file: CodeFacts, tool: Tool): boolean {
  return file.imports.some((i) => tool.module.test(file.language === 'python' ? (i.module.split('.')[0] ?? '') : i.module));
}

/** The first place in a test file where the tool is applied: a call, a decorator, or a test taking its fixture. */
function applied(file: CodeFacts, tool: Tool): number | undefined {
  const call = file.calls.find((c) => tool.use.test(c.callee));
  if (call) return call.line;
  for (const fn of file.functions) {
    const decorator = fn.decorators.find((d) => tool.use.test(d.name));
    if (decorator) return decorator.line;
    if (tool.fixtures && fn.params.some((p) => tool.fixtures?.test(p.name))) return fn.line;
  }
  return undefined;
}

export default defineStrength({
  meta: {
    code: 'STR064',
    name: 'http-boundary-mocks',
    category: 'testing',
    title: 'Tests fake the network at its boundary',
    description:
      'Credits a test suite that fakes remote services at the HTTP or database boundary (respx, responses, pytest-httpx, VCR cassettes, nock, msw, testcontainers …) in several test files, instead of patching the project\'s own functions.',
    condition:
      'Two or more test files of a component apply a boundary-mocking library (a call or decorator of respx, responses, requests-mock, pytest-httpx, vcrpy/pytest-recording, httpretty, aioresponses, testcontainers, nock, msw, undici MockAgent, fetch-mock, axios-mock-adapter, or a test taking the fixture one provides). Importing the library is not enough.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    opposes: [{ rule: 'mock-heavy-tests', scope: 'component' }],
    references: ['respx docs', 'VCR.py docs', 'nock README', 'Mock Service Worker docs', 'Testcontainers docs'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const byComponent = new Map<string, Array<{ path: string; line: number; tool: string }>>();
    for (const file of project.code({ roles: ['test', 'fixture'] })) {
      for (const tool of TOOLS) {
        if (!importsTool(file, tool) && !(tool.fixtures && file.functions.some((fn) => fn.params.some((p) => tool.fixtures?.test(p.name))))) continue;
        const line = applied(file, tool);
        if (line === undefined) continue;
        const component = project.componentOf(file.path)?.path ?? '.';
        byComponent.set(component, [...(byComponent.get(component) ?? []), { path: file.path, line, tool: tool.name }]);
        break;
      }
    }
    for (const [, uses] of [...byComponent.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const files = new Set(uses.map((u) => u.path));
      const first = uses[0];
      if (files.size < 2 || !first) continue;
      const tools = [...new Set(uses.map((u) => u.tool))].sort();
      credit({
        message: `${files.size} test files fake (or stand up) remote services at the boundary with ${tools.join(', ')}: the tests exercise the real client code, serialisation and error handling, not a patched stand-in.`,
        path: first.path,
        line: first.line,
        related: uses.slice(1, 3).map((u) => ({ path: u.path, line: u.line })),
      });
    }
  },
});
