/**
 * What an image installs that only a build needs: development dependencies, global CLIs, compilers and headers,
 * Python development tools. Shared by the rule that reports a single-stage image shipping them and the check that
 * credits a multi-stage build whose final image holds none of them.
 */
export const BUILD_TOOLCHAIN: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bnpm\s+(i|install)\s+(-g|--global)\b/, 'global npm CLIs'],
  [/\b(yarn\s+global\s+add|pnpm\s+(add|i|install)\s+(-g|--global))\b/, 'global CLIs'],
  [/\bnpm\s+(i|install|ci)\b(?![^\n&;|]*(--omit[= ]dev|--only[= ]prod|--production|NODE_ENV=production))/, 'devDependencies (npm install without --omit=dev)'],
  [/\byarn(\s+install)?((?!\s+--production)\s+--[\w=-]+)*\s*($|&&|;|\|)/, 'devDependencies (yarn install)'],
  [/\bpnpm\s+(i|install)\b(?![^\n&;|]*(--prod|-P\b))/, 'devDependencies (pnpm install)'],
  [/\b(apt-get|apt|apk|yum|dnf)\s+(install|add)\b[^\n&;|]*\b(build-essential|build-base|gcc|g\+\+|make|cmake|clang|python3-dev|libpq-dev|musl-dev|mingw-w64|golang)\b/, 'compilers and -dev headers'],
  [/\bpip3?\s+install\b[^\n&;|]*(-r\s+\S*dev\S*|\[dev\]|pytest|black|ruff|mypy)/, 'Python development tools'],
];

/** What a RUN instruction installs that only a build needs, or undefined. */
export function buildToolchainIn(run: string): string | undefined {
  return BUILD_TOOLCHAIN.find(([re]) => re.test(run))?.[1];
}
