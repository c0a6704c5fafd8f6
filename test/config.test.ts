/**
 * `.seaworthy.yml` / `.seaworthy.yaml`: found in the audited folder, validated against schema/config.v1.json, and
 * every mistake named by its key path with a hint.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { ConfigError } from '../src/errors.js';

let scratch: string;
let count = 0;

function folder(files: Record<string, string>): string {
  const dir = join(scratch, `c${count++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function configError(text: string): ConfigError {
  try {
    loadConfig(folder({ '.seaworthy.yml': text }));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-config-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('finding the configuration', () => {
  it('reads .seaworthy.yml', () => {
    expect(loadConfig(folder({ '.seaworthy.yml': 'fail-on: high\n' }))).toMatchObject({ file: '.seaworthy.yml', failOn: 'high' });
  });

  it('reads .seaworthy.yaml', () => {
    const config = loadConfig(folder({ '.seaworthy.yaml': 'fail-on: medium\nrules:\n  debt-marker: off\n  TMO001: high\n' }));
    expect(config).toMatchObject({ file: '.seaworthy.yaml', failOn: 'medium', rules: { 'debt-marker': { enabled: false }, TMO001: { enabled: true, severity: 'high' } } });
  });

  it('refuses two configuration files rather than silently picking one', () => {
    const dir = folder({ '.seaworthy.yml': 'fail-on: high\n', '.seaworthy.yaml': 'fail-on: low\n' });
    expect(() => loadConfig(dir)).toThrow(/both \.seaworthy\.yml and \.seaworthy\.yaml/);
  });

  it('accepts the yaml-language-server schema comment the README shows', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const example = /```yaml\n(# yaml-language-server: \$schema=\S+\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = folder({ '.seaworthy.yml': example ?? '' });
    mkdirSync(join(dir, 'backend'));
    expect(loadConfig(dir).failOn).toBe('high');
  });
});

describe('invalid configuration names the key path', () => {
  it.each([
    ['an unknown top-level key', 'fail_on: high\n', 'fail_on', /unknown key 'fail_on'/],
    ['a bad archetype', 'components:\n  - path: api\n    archetype: server\n', 'components.0.archetype', /must be one of: service, worker/],
    ['a bad exposure', 'components:\n  - path: api\n    exposure: everyone\n', 'components.0.exposure', /must be one of: public, internal/],
    ['a component without a path', 'components:\n  - archetype: cli\n', 'components.0', /path/],
    ['an unknown key in a component', 'components:\n  - path: api\n    kind: cli\n', 'components.0.kind', /unknown key 'components\.0\.kind'/],
    ['a bad rule severity', 'rules:\n  TMO001: severe\n', 'rules.TMO001', /must be one of: off, blocker/],
    ['an unknown key in a rule override', 'rules:\n  TMO001:\n    level: high\n', 'rules.TMO001', /./],
    ['a bad fail-on', 'fail-on: sometimes\n', 'fail-on', /must be one of: blocker, high, medium, low, info, none/],
    ['a negative max-file-size', 'max-file-size: -1\n', 'max-file-size', /must be >= 1/],
    ['ignore that is not a list', 'ignore: legacy/**\n', 'ignore', /must be array/],
  ])('%s', (_, text, keyPath, message) => {
    const error = configError(text);
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toContain(`'${keyPath}'`);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/schema\/config\.v1\.json/);
    expect(error.exitCode).toBe(2);
  });

  it('reports YAML syntax errors with a hint', () => {
    const error = configError('rules: [unclosed\n');
    expect(error.message).toMatch(/not valid YAML/);
    expect(error.hint).toMatch(/YAML syntax/);
  });
});

describe('mistakes are placed and answered', () => {
  it('gives the line and column of a YAML syntax error', () => {
    const error = configError('fail-on: high\ncomponents:\n  - path: api: web\n');
    expect(error.message).toMatch(/^\.seaworthy\.yml:3:11: not valid YAML: /);
    expect(error.hint).toBe('fix the YAML syntax at line 3, column 11');
  });

  it('places a schema error at its key, and suggests the key meant', () => {
    const error = configError('fail-on: high\nrulez:\n  TMO001: off\n');
    expect(error.message).toBe(".seaworthy.yml:2:1: unknown key 'rulez'");
    expect(error.hint).toMatch(/^did you mean 'rules'\? /);
    expect(configError('components:\n  - path: .\n    archetype: server\n').message).toMatch(/^\.seaworthy\.yml:3:16: 'components\.0\.archetype' must be one of/);
  });

  it('refuses an unknown rule id with the closest one', () => {
    const code = configError('rules:\n  TMO999: high\n');
    expect(code.message).toBe(".seaworthy.yml:2:3: unknown rule 'TMO999'");
    expect(code.hint).toMatch(/^the TMO codes are TMO001, TMO002, [A-Z0-9, ]+; `seaworthy rules` lists/);
    expect(configError('rules:\n  TMO01: high\n').hint).toMatch(/^did you mean TMO001\? /);
    expect(configError('rules:\n  debt-markers: off\n').hint).toMatch(/^did you mean debt-marker\?/);
    expect(configError('rules:\n  nonsense: off\n').hint).toBe('`seaworthy rules` lists the rule codes and names');
  });

  it('accepts a component path that is a folder inside the audited folder, normalised', () => {
    const dir = folder({ '.seaworthy.yml': 'components:\n  - path: ./api/\n    archetype: cli\n  - path: .\n' });
    mkdirSync(join(dir, 'api'));
    expect(loadConfig(dir).components).toEqual([{ path: 'api', archetype: 'cli' }, { path: '.' }]);
  });

  it.each([
    ['a missing folder', 'bakend', /component path 'bakend' does not exist in the audited folder/, /^did you mean 'backend'\?/],
    ['a folder outside', '../../etc', /component path '\.\.\/\.\.\/etc' lies outside the audited folder/, /inside the audited folder/],
    ['an absolute path', '/etc', /component path '\/etc' lies outside the audited folder/, /inside the audited folder/],
    ['a symbolic link out', 'escape', /component path 'escape' lies outside the audited folder \(a symbolic link/, /inside the audited folder/],
    ['a file', 'notes.txt', /component path 'notes\.txt' is a file, not a folder/, /a component is a folder/],
  ])('refuses %s as a component path', (_, path, message, hint) => {
    const dir = folder({ '.seaworthy.yml': `components:\n  - path: ${path}\n    archetype: service\n`, 'notes.txt': 'x' });
    mkdirSync(join(dir, 'backend'));
    symlinkSync(tmpdir(), join(dir, 'escape'));
    let error: unknown;
    try {
      loadConfig(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.keyPath).toBe('components.0.path');
    expect(e.message).toMatch(/^\.seaworthy\.yml:2:11: /);
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(hint);
  });
});
