import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { longDay, shortDay } from './period';
import type { DailyStats, Figure } from './types';

interface Props {
  title: string;
  /** The figure's name in a sentence and as the table's column: "Sign-ins". */
  label: string;
  figure: Figure;
  /** The bars' colour: at least 3:1 against the white surface (WCAG 1.4.11). */
  color: string;
  days: DailyStats[];
  /** Whose figures: "the tenant", "Acme". */
  scope: string;
}

/**
 * One figure per day as a bar chart, and the same figures as a table under it. The chart is
 * recharts' with its accessibility layer: focusable, named by its title, described by a summary,
 * and the arrow keys move the tooltip from day to day. The table is there for everyone who would
 * rather read, copy or hear the numbers.
 */
export function DailyChart({ title, label, figure, color, days, scope }: Props) {
  const headingId = useId();
  const total = days.reduce((sum, day) => sum + day[figure], 0);
  const busiest = days.reduce<DailyStats | undefined>((best, day) => (day[figure] > (best?.[figure] ?? 0) ? day : best), undefined);
  const first = days[0];
  const last = days[days.length - 1];
  const span = first && last ? `${longDay(first.date)} to ${longDay(last.date)}` : '';
  const summary = busiest
    ? `${total} ${label.toLowerCase()} for ${scope} from ${span}; the most on ${longDay(busiest.date)} (${busiest[figure]}).`
    : `No ${label.toLowerCase()} for ${scope} from ${span}.`;
  return (
    <section className="section activity-chart" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="hint">{summary}</p>
      <BarChart
        className="activity-chart-plot"
        responsive
        data={days}
        title={`${title}, ${span}`}
        desc={summary}
        accessibilityLayer
        margin={{ top: 8, right: 20, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDay} minTickGap={16} stroke="#4a5568" />
        <YAxis allowDecimals={false} width={40} stroke="#4a5568" />
        <Tooltip labelFormatter={(value) => longDay(String(value))} cursor={{ fill: '#eef2ff' }} />
        <Bar dataKey={figure} name={label} fill={color} isAnimationActive={false} />
      </BarChart>
      <details className="activity-table">
        <summary>Show as table</summary>
        <table className="table">
          <caption>
            {title}, {span}
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{label}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">
                  <time dateTime={day.date.slice(0, 10)}>{longDay(day.date)}</time>
                </th>
                <td>{day[figure]}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{total}</td>
            </tr>
          </tfoot>
        </table>
      </details>
    </section>
  );
}
