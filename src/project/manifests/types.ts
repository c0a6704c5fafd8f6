/** Declared dependencies and package metadata, read from manifests (never by running them). */

export type DependencyKind = 'runtime' | 'dev' | 'optional' | 'peer' | 'build';

export interface DeclaredDependency {
  /** As written. */
  name: string;
  /** PEP 503 normalised for Python (lower case, runs of -_. as -); as written for npm. */
  normalized: string;
  /** Version specifier or source as written (may be empty). */
  spec: string;
  kind: DependencyKind;
  /** Extra, dependency group or Poetry group name. */
  group?: string;
  path: string;
  line: number;
}

export interface EntryPoint {
  /** Command or script name. */
  name: string;
  /** `module:function` for Python, a file path for npm `bin`. */
  target: string;
  path: string;
  line: number;
}

export interface Manifest {
  path: string;
  /** Directory of the manifest ('.' for the root). */
  dir: string;
  ecosystem: 'python' | 'node';
  kind: 'pyproject' | 'setup.cfg' | 'setup.py' | 'requirements' | 'pipfile' | 'package.json';
  name?: string;
  dependencies: DeclaredDependency[];
  /** Console scripts / npm `bin`. */
  scripts: EntryPoint[];
  /** npm `scripts` (name → command). */
  commands: Record<string, string>;
  /** Runtime version constraint: `requires-python` / `python_requires` / `engines.node`. */
  runtime?: { constraint: string; line: number };
  /** npm workspaces globs. */
  workspaces: string[];
  private?: boolean;
  /** npm: has `main`, `module` or `exports`. Python: declares a build backend or packages. */
  publishable: boolean;
  line: number;
  /** Where runtime dependencies are declared (where a missing one should be added). */
  dependenciesLine: number;
}

export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
