// Scrapes a /metrics endpoint over HTTP and reads it with a Prometheus text parser.
import assert from 'node:assert/strict';
import parsePrometheusTextFormat, { type MetricFamily, type Sample } from 'parse-prometheus-text-format';

export interface Scrape {
  /** The exposition text as served. */
  text: string;
  families: MetricFamily[];
  /** The family of that name; fails the test when the scrape has none. */
  family(name: string): MetricFamily;
  /** The samples of `name` whose labels include `labels`. */
  samples(name: string, labels?: Record<string, string>): Sample[];
  /** The value of a counter or gauge (summed over the samples that match `labels`), 0 when none match. */
  value(name: string, labels?: Record<string, string>): number;
  /** An unlabelled histogram's count, 0 when it has none. */
  count(name: string): number;
  /**
   * A labelled histogram's `_count` lines whose labels include `labels`, summed. Read from the text:
   * the parser keeps a histogram's buckets, count and sum only when it has no labels.
   */
  labelledCount(name: string, labels: Record<string, string>): number;
}

/** The labels of a sample line, `name{a="b",…} value` (label values here hold no quotes or commas). */
function lineLabels(line: string): Record<string, string> {
  const inside = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
  return Object.fromEntries([...inside.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(url);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(text);
  const family = (name: string) => {
    const found = families.find((f) => f.name === name);
    assert.ok(found, `no ${name} in the scrape: ${families.map((f) => f.name).join(', ')}`);
    return found;
  };
  const samples = (name: string, labels: Record<string, string> = {}) =>
    (families.find((f) => f.name === name)?.metrics ?? []).filter((sample) =>
      Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value),
    );
  return {
    text,
    families,
    family,
    samples,
    value: (name, labels) => samples(name, labels).reduce((total, sample) => total + Number(sample.value), 0),
    count: (name) => Number(samples(name)[0]?.count ?? 0),
    labelledCount: (name, labels) =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`${name}_count{`))
        .filter((line) => Object.entries(labels).every(([key, value]) => lineLabels(line)[key] === value))
        .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0),
  };
}
