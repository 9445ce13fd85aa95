import { useState } from 'react';
import { Link } from 'react-router';
import { del, getAll, patch, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { loadAllApis } from '../apis/load-apis';
import { ScopePicker } from '../apis/ScopePicker';
import type { ResourceServer } from '../apis/types';
import { useApplication } from './application-context';
import type { ClientGrant } from './types';
import './applications.css';

/** The APIs this application may call with its own credentials (client grants, for machine-to-machine use). */
export default function ApplicationApis() {
  const { client } = useApplication();
  const id = client.client_id;
  const grants = useLoad(`client-grants:${id}`, () => getAll<ClientGrant>('/client-grants', 'client_grants', { client_id: id }));
  const apis = useLoad('apis:all', loadAllApis);
  const [status, setStatus] = useState<string>();
  const grantOf = (audience: string) => grants.data?.find((g) => g.audience === audience);
  // One grant per application and API: picking an API already granted adds scopes to its grant.
  const add = useAction(async (api: ResourceServer, scopes: string[]) => {
    const existing = grantOf(api.identifier);
    if (existing) await patch(`/client-grants/${existing.id}`, { scope: [...existing.scope, ...scopes] });
    else await post('/client-grants', { client_id: id, audience: api.identifier, scope: scopes });
    return true;
  });
  const remove = useAction(async (grant: ClientGrant) => {
    await del(`/client-grants/${grant.id}`);
    return true;
  });
  const apiName = (audience: string) => apis.data?.find((a) => a.identifier === audience)?.name ?? audience;
  const usesClientCredentials = client.grant_types.includes('client_credentials');
  return (
    <Section title="Authorized APIs">
      <p className="hint">
        With the client credentials grant, this application gets access tokens for these APIs, holding the permissions listed.
        {usesClientCredentials
          ? null
          : ' This application does not use the client credentials grant, so these grants have no effect until it does.'}
      </p>
      <StatusNotice>{status}</StatusNotice>
      <ErrorNotice error={grants.error ?? remove.error} />
      {grants.loading && !grants.data ? <Loading /> : null}
      {grants.data && grants.data.length === 0 ? <Empty>This application may not call any API yet.</Empty> : null}
      {grants.data && grants.data.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">APIs this application may call</caption>
          <thead>
            <tr>
              <th scope="col">API</th>
              <th scope="col">Permissions</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {grants.data.map((g) => (
              <tr key={g.id}>
                <td>
                  {apiName(g.audience)}
                  <br />
                  <code>{g.audience}</code>
                </td>
                <td>
                  {g.scope.length === 0 ? (
                    'None'
                  ) : (
                    <ul className="scope-list">
                      {g.scope.map((s) => (
                        <li key={s}>
                          <code>{s}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <ConfirmButton
                    className="danger small"
                    title={`Revoke access to ${apiName(g.audience)}?`}
                    confirmLabel="Revoke access"
                    description={
                      <p>The application gets no new tokens for this API. Tokens already issued stay valid until they expire.</p>
                    }
                    onConfirm={async () => {
                      setStatus(undefined);
                      if (await remove.run(g)) {
                        setStatus(`Access to ${apiName(g.audience)} revoked.`);
                        grants.reload();
                      }
                    }}
                  >
                    Revoke<span className="visually-hidden"> access to {apiName(g.audience)}</span>
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>Authorize an API</h3>
      <ErrorNotice error={apis.error} />
      {apis.data && apis.data.length === 0 ? (
        <Empty>
          No API yet. <Link to="/apis/new">Create an API</Link> first.
        </Empty>
      ) : null}
      {apis.data && apis.data.length > 0 && grants.data ? (
        <ScopePicker
          apis={apis.data}
          taken={(identifier) => new Set(grantOf(identifier)?.scope ?? [])}
          submitLabel="Authorize"
          allowNoScope
          error={add.error}
          pending={add.pending}
          onSubmit={async (api, scopes) => {
            setStatus(undefined);
            const done = await add.run(api, scopes);
            if (done) {
              setStatus(`${api.name} authorized.`);
              grants.reload();
            }
            return done;
          }}
        />
      ) : null}
    </Section>
  );
}
