// Prints the 10 slowest tests (so whoever makes the run slower sees it), the count of database
// tests per dialect (they must be equal) and a closing line CI can read: "N passed, N failed, N skipped".
import type { Reporter, TestCase, TestModule } from 'vitest/node';

const SLOWEST = 10;

function slowest(testModules: ReadonlyArray<TestModule>): string[] {
  const timed: { test: TestCase; ms: number }[] = [];
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const ms = test.diagnostic()?.duration;
      if (ms !== undefined) timed.push({ test, ms });
    }
  }
  timed.sort((a, b) => b.ms - a.ms);
  const rows = timed.slice(0, SLOWEST).map(({ test, ms }) =>
    `${(ms / 1000).toFixed(1).padStart(7)} s  ${test.module.relativeModuleId} > ${test.fullName}`);
  return rows.length ? [`The ${rows.length} slowest tests:`, ...rows] : [];
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const perDialect: Record<string, number> = { sqlite: 0, postgres: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
        if (state === 'passed') {
          const m = /\[(sqlite|postgres)\]/.exec(test.fullName);
          if (m) perDialect[m[1]] += 1;
        }
      }
      if (module.state() === 'failed' && module.children.size === 0) failed += 1;
    }
    const lines = [...slowest(testModules), `Database tests passed: sqlite ${perDialect.sqlite}, postgres ${perDialect.postgres}`];
    if (perDialect.postgres > 0 && perDialect.sqlite !== perDialect.postgres) {
      lines.push('The database test counts differ between SQLite and PostgreSQL.');
      failed += 1;
      process.exitCode = 1;
    }
    if (process.env.CI === 'true' && perDialect.postgres === 0) {
      lines.push('CI=true but no PostgreSQL test ran.');
      failed += 1;
      process.exitCode = 1;
    }
    lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
