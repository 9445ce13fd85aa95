import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One row of the results: `value` against `baseline`, and whether `ratio` is within `budget`. */
export interface ScenarioResult {
  name: string;
  measure: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
  /** e.g. `>= 0.8`, `<= 1.5`, or `report` when there is no budget. */
  budget: string;
  /** null when there is no budget, or in a smoke run (budgets not asserted). */
  meets_budget: boolean | null;
}

export interface Results {
  machine: { cores: number; node: string; cpu: string };
  run: { date: string; dialect: string; smoke: boolean; seconds_per_scenario: number; seed_users: number; seed_seconds: number };
  scenarios: ScenarioResult[];
  notes: string[];
}

export function machine(): Results['machine'] {
  return { cores: os.availableParallelism?.() ?? os.cpus().length, node: process.version, cpu: os.cpus()[0]?.model.trim() ?? 'unknown' };
}

/** A row; `budget` is `>= x` or `<= x` on the ratio value/baseline. */
export function scenario(
  name: string,
  measure: string,
  value: number,
  baseline: number | null,
  budget: string,
  assess: boolean,
): ScenarioResult {
  const ratio = baseline ? value / baseline : null;
  const match = /^(>=|<=) ([\d.]+)$/.exec(budget);
  let meets: boolean | null = null;
  if (assess && match && ratio !== null) meets = match[1] === '>=' ? ratio >= Number(match[2]) : ratio <= Number(match[2]);
  return {
    name,
    measure,
    value: round(value),
    baseline: baseline === null ? null : round(baseline),
    ratio: ratio === null ? null : round(ratio),
    budget,
    meets_budget: meets,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function markdown(results: Results): string {
  const m = results.machine;
  const lines = [
    `Machine: ${m.cores} cores, ${m.cpu}, Node ${m.node}. Database: ${results.run.dialect}. ${results.run.seconds_per_scenario} s per measurement${results.run.smoke ? ' (smoke run: budgets not assessed)' : ''}; ${results.run.seed_users} users seeded in ${results.run.seed_seconds.toFixed(1)} s. ${results.run.date}.`,
    '',
    '| scenario | measure | value | baseline | ratio | budget | met |',
    '|---|---|---:|---:|---:|---|---|',
    ...results.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.measure} | ${fmt(s.value)} | ${s.baseline === null ? '–' : fmt(s.baseline)} | ${s.ratio === null ? '–' : s.ratio.toFixed(2)} | ${s.budget} | ${s.meets_budget === null ? '–' : s.meets_budget ? 'yes' : '**no**'} |`,
    ),
  ];
  if (results.notes.length) lines.push('', ...results.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function write(dir: string, results: Results): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown(results));
}
