/**
 * A synthetic repository for the scaling benchmark: `count` small files in a realistic mix, the same bytes for the
 * same `count` on every run. Two components (a Python service and a TypeScript service), each with a manifest,
 * packages of about fifty modules that import their neighbours and make HTTP calls, catch exceptions, log and read
 * settings; a test file for every ninth module; a Dockerfile, a CI workflow, a README and a few data files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const MODULES_PER_PACKAGE = 50;
const TEST_EVERY = 9;

/** A small deterministic generator (mulberry32): the repository depends on the count only. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(rnd: Random, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

/** Extra blocks that one module in three carries, so that more rules find something to look at. */
const PYTHON_EXTRAS: ReadonlyArray<(mod: number) => string> = [
  (mod) => `\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/records/{name}")\ndef get_record_${mod}(name: str):\n    return Record${mod}(name).describe()\n`,
  (mod) => `\n\nimport subprocess\n\n\ndef run_${mod}(args):\n    return subprocess.run(["tool", *args], check=True)\n`,
  (mod) => `\n\nimport json\n\n\ndef load_${mod}(path):\n    with open(path) as handle:\n        return json.loads(handle.read())\n`,
  (mod) => `\n\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\nengine = create_engine(os.environ["DATABASE_URL"])\n\n\ndef init_db_${mod}():\n    Base.metadata.create_all(engine)\n`,
  (mod) => `\n\nimport time\n\n\ndef poll_${mod}():\n    while True:\n        fetch_${mod}("latest")\n        time.sleep(5)\n`,
  (mod) => `\n\nimport hashlib\n\n\ndef digest_${mod}(password):\n    return hashlib.md5(password.encode()).hexdigest()\n`,
];

const TS_EXTRAS: ReadonlyArray<(mod: number) => string> = [
  (mod) => `\nimport { Router } from 'express';\n\nexport const router${mod} = Router();\nrouter${mod}.get('/records/:name', (req, res) => {\n  res.json(new Record${mod}(req.params.name).describe());\n});\n`,
  (mod) => `\nimport { execSync } from 'node:child_process';\n\nexport function run${mod}(args: string[]): string {\n  return execSync(\`tool \${args.join(' ')}\`).toString();\n}\n`,
  (mod) => `\nexport function parse${mod}(text: string): unknown {\n  return JSON.parse(text);\n}\n`,
  (mod) => `\nexport function poll${mod}(): NodeJS.Timeout {\n  return setInterval(() => void fetch${mod}('latest'), 5_000);\n}\n`,
  (mod) => `\nexport async function all${mod}(ids: string[]): Promise<void> {\n  ids.forEach(async (id) => {\n    await fetch${mod}(id);\n  });\n}\n`,
];

function extra(rnd: Random, extras: ReadonlyArray<(mod: number) => string>, mod: number): string {
  return rnd() < 1 / 3 ? pick(rnd, extras)(mod) : '';
}

function pythonModule(rnd: Random, pkg: number, mod: number): string {
  const neighbour = (mod + 1) % MODULES_PER_PACKAGE;
  const timeout = rnd() < 0.7 ? ', timeout=10' : '';
  const handler = pick(rnd, [
    '    except requests.RequestException as error:\n        logger.warning("fetch failed: %s", error)\n        raise\n',
    '    except Exception:\n        pass\n',
    '    except (KeyError, ValueError) as error:\n        logger.exception("bad payload")\n        return None\n',
  ]);
  return [
    'import logging',
    'import os',
    '',
    'import requests',
    '',
    `from app.pkg${pkg}.mod${neighbour} import helper_${neighbour}`,
    '',
    'logger = logging.getLogger(__name__)',
    `BASE_URL = os.environ.get("SERVICE_${pkg % 20}_URL", "http://localhost:8000")`,
    '',
    '',
    `def helper_${mod}(value):`,
    `    return value * ${mod + 1}`,
    '',
    '',
    `def fetch_${mod}(item_id):`,
    '    try:',
    `        response = requests.get(f"{BASE_URL}/items/{item_id}"${timeout})`,
    '        response.raise_for_status()',
    `        return helper_${neighbour}(response.json()["count"])`,
    handler,
    '',
    `class Record${mod}:`,
    '    def __init__(self, name):',
    '        self.name = name',
    '',
    '    def describe(self):',
    `        logger.info("record %s", self.name)`,
    `        return {"name": self.name, "module": ${mod}}`,
    extra(rnd, PYTHON_EXTRAS, mod),
  ].join('\n');
}

function pythonTest(pkg: number, mod: number): string {
  return [
    `from app.pkg${pkg}.mod${mod} import Record${mod}, helper_${mod}`,
    '',
    '',
    `def test_helper_${mod}():`,
    `    assert helper_${mod}(2) == ${2 * (mod + 1)}`,
    '',
    '',
    `def test_record_${mod}():`,
    `    assert Record${mod}("x").describe()["module"] == ${mod}`,
    '',
  ].join('\n');
}

function tsModule(rnd: Random, pkg: number, mod: number): string {
  const neighbour = (mod + 1) % MODULES_PER_PACKAGE;
  const signal = rnd() < 0.7 ? ', { signal: AbortSignal.timeout(10_000) }' : '';
  const handler = pick(rnd, [
    '  } catch (error) {\n    logger.warn({ error }, "fetch failed");\n    throw error;\n  }',
    '  } catch {\n    return undefined;\n  }',
    '  } catch (error) {\n    console.error(error);\n    return null;\n  }',
  ]);
  return [
    "import { logger } from '../logger.js';",
    `import { helper${neighbour} } from './mod${neighbour}.js';`,
    '',
    `const baseUrl = process.env.SERVICE_${pkg % 20}_URL ?? 'http://localhost:3000';`,
    '',
    `export function helper${mod}(value: number): number {`,
    `  return value * ${mod + 1};`,
    '}',
    '',
    `export async function fetch${mod}(id: string): Promise<number | null | undefined> {`,
    '  try {',
    `    const response = await fetch(\`\${baseUrl}/items/\${id}\`${signal});`,
    '    const body = (await response.json()) as { count: number };',
    `    return helper${neighbour}(body.count);`,
    handler,
    '}',
    '',
    `export class Record${mod} {`,
    '  constructor(private readonly name: string) {}',
    '',
    '  describe(): { name: string; module: number } {',
    `    logger.info({ name: this.name }, 'record');`,
    `    return { name: this.name, module: ${mod} };`,
    '  }',
    '}',
    extra(rnd, TS_EXTRAS, mod),
  ].join('\n');
}

function tsTest(pkg: number, mod: number): string {
  return [
    "import { describe, expect, it } from 'vitest';",
    `import { helper${mod}, Record${mod} } from '../src/pkg${pkg}/mod${mod}.js';`,
    '',
    `describe('mod${mod}', () => {`,
    `  it('multiplies', () => expect(helper${mod}(2)).toBe(${2 * (mod + 1)}));`,
    `  it('describes', () => expect(new Record${mod}('x').describe().module).toBe(${mod}));`,
    '});',
    '',
  ].join('\n');
}

/** The fixed files: manifests, entry points, deployment and CI. */
const FIXED: Record<string, string> = {
  'README.md': '# Synthetic\n\nGenerated for the scaling benchmark.\n\n## Configuration\n\n`SERVICE_0_URL` … `SERVICE_19_URL`.\n',
  'Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY py/ .\nRUN pip install --no-cache-dir .\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
  '.github/workflows/ci.yml':
    'name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -e py[test] && pytest py/tests\n      - run: cd ts && npm ci && npm test\n',
  'py/pyproject.toml':
    '[project]\nname = "synthetic"\nversion = "1.0.0"\ndependencies = ["fastapi>=0.110", "requests>=2.31", "uvicorn>=0.29"]\n\n[project.optional-dependencies]\ntest = ["pytest>=8"]\n',
  'py/app/__init__.py': '',
  'py/app/main.py':
    'import logging\n\nfrom fastapi import FastAPI\n\nlogging.basicConfig(level=logging.INFO)\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"status": "ok"}\n',
  'ts/package.json':
    '{\n  "name": "synthetic",\n  "version": "1.0.0",\n  "type": "module",\n  "scripts": { "start": "node dist/server.js", "test": "vitest run" },\n  "dependencies": { "express": "^4.19.2", "pino": "^9.0.0" },\n  "devDependencies": { "typescript": "^5.4.0", "vitest": "^1.6.0" }\n}\n',
  'ts/tsconfig.json': '{\n  "compilerOptions": { "strict": true, "module": "NodeNext", "outDir": "dist" }\n}\n',
  'ts/src/logger.ts': "import pino from 'pino';\n\nexport const logger = pino();\n",
  'ts/src/server.ts':
    "import express from 'express';\nimport { logger } from './logger.js';\n\nconst app = express();\napp.get('/health', (_req, res) => res.json({ status: 'ok' }));\napp.listen(Number(process.env.PORT ?? 3000), () => logger.info('listening'));\n",
};

/** Every path and its content, in a fixed order. */
export function* syntheticFiles(count: number): Generator<[string, string]> {
  const rnd = random(count);
  const fixed = Object.entries(FIXED);
  yield* fixed;
  let written = fixed.length;
  for (let pkg = 0; written < count; pkg++) {
    const python = pkg % 2 === 0;
    if (python) {
      yield [`py/app/pkg${pkg}/__init__.py`, ''];
      written++;
    }
    for (let mod = 0; mod < MODULES_PER_PACKAGE && written < count; mod++) {
      yield python ? [`py/app/pkg${pkg}/mod${mod}.py`, pythonModule(rnd, pkg, mod)] : [`ts/src/pkg${pkg}/mod${mod}.ts`, tsModule(rnd, pkg, mod)];
      written++;
      if (mod % TEST_EVERY === 0 && written < count) {
        yield python ? [`py/tests/pkg${pkg}/test_mod${mod}.py`, pythonTest(pkg, mod)] : [`ts/test/pkg${pkg}/mod${mod}.test.ts`, tsTest(pkg, mod)];
        written++;
      }
    }
  }
}

/** Writes the repository under `root` (which must exist and be empty). */
export async function writeSyntheticRepo(root: string, count: number): Promise<void> {
  const made = new Set<string>();
  for (const [path, content] of syntheticFiles(count)) {
    const abs = join(root, path);
    const dir = dirname(abs);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(abs, content);
  }
}
