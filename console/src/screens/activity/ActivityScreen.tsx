import { useSearchParams } from 'react-router';
import { get, getAll } from '../../api/client';
import { SelectField } from '../../ui/fields';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { DailyChart } from './DailyChart';
import { PERIODS, periodOf, periodRange } from './period';
import type { DailyStats, Figure, Organization } from './types';
import './activity.css';

const CHARTS: { figure: Figure; title: string; label: string; color: string }[] = [
  { figure: 'logins', title: 'Sign-ins per day', label: 'Sign-ins', color: '#1d4ed8' },
  { figure: 'failed_logins', title: 'Failed sign-ins per day', label: 'Failed sign-ins', color: '#b42318' },
  { figure: 'signups', title: 'New users per day', label: 'New users', color: '#166534' },
];

/**
 * The console's home: sign-ins, failed sign-ins and new users per day, for the tenant or one
 * organization, over the last 7, 30 or 90 days. The URL keeps the choice (`?days=…&organization=…`).
 */
export default function ActivityScreen() {
  const [params, setParams] = useSearchParams();
  const days = periodOf(params.get('days'));
  const organizationId = params.get('organization') ?? '';
  const organizations = useLoad('activity:organizations', () => getAll<Organization>('/organizations', 'organizations'));
  const stats = useLoad(`activity:${days}:${organizationId}`, async () => {
    const query = { organization_id: organizationId || undefined };
    const [daily, active] = await Promise.all([
      get<DailyStats[]>('/stats/daily', { ...periodRange(days), ...query }),
      get<number>('/stats/active-users', query),
    ]);
    // What the figures are of travels with them: while the next choice loads, the screen goes on
    // saying what it shows.
    return { daily, active, days, organizationId };
  });
  const scopeOf = (id: string) => {
    const organization = organizations.data?.find((o) => o.id === id);
    return id ? (organization?.display_name ?? organization?.name ?? id) : 'the tenant';
  };
  const choose = (next: { days?: string; organization?: string }) => {
    const merged = { days: String(days), organization: organizationId, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)), { replace: true });
  };

  return (
    <>
      <PageHeader title="Activity" description="Sign-ins, failed sign-ins and new users per day (UTC), counted from the event log." />
      <div className="activity-filters">
        <SelectField
          label="Period"
          value={String(days)}
          onChange={(e) => choose({ days: e.target.value })}
          options={PERIODS.map((p) => ({ value: String(p), label: `Last ${p} days` }))}
        />
        <SelectField
          label="Organization"
          value={organizationId}
          onChange={(e) => choose({ organization: e.target.value })}
          options={[
            { value: '', label: 'All organizations (the tenant)' },
            ...(organizations.data ?? []).map((o) => ({ value: o.id, label: o.display_name ? `${o.display_name} (${o.name})` : o.name })),
          ]}
          hint={organizations.error ? 'The organizations could not be listed.' : undefined}
        />
      </div>
      <ErrorNotice error={stats.error} />
      {stats.data ? (
        <div aria-busy={stats.loading}>
          <Totals daily={stats.data.daily} active={stats.data.active} days={stats.data.days} scope={scopeOf(stats.data.organizationId)} />
          {CHARTS.map((chart) => (
            <DailyChart key={chart.figure} {...chart} days={stats.data!.daily} scope={scopeOf(stats.data!.organizationId)} />
          ))}
        </div>
      ) : stats.loading ? (
        <Loading />
      ) : null}
    </>
  );
}

function Totals({ daily, active, days, scope }: { daily: DailyStats[]; active: number; days: number; scope: string }) {
  const sum = (figure: Figure) => daily.reduce((total, day) => total + day[figure], 0);
  return (
    <section className="section" aria-labelledby="activity-totals">
      <h2 id="activity-totals">
        Totals for {scope}, last {days} days
      </h2>
      <dl className="activity-totals">
        {CHARTS.map((chart) => (
          <div key={chart.figure}>
            <dt>{chart.label}</dt>
            <dd>{sum(chart.figure)}</dd>
          </div>
        ))}
        <div>
          <dt>Active users (last 30 days)</dt>
          <dd>{active}</dd>
        </div>
      </dl>
    </section>
  );
}
