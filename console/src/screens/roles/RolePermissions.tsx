import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { del, get, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PagePager } from '../../ui/layout';
import { loadAllApis } from '../apis/load-apis';
import { ScopePicker } from '../apis/ScopePicker';
import type { RolePermission, RolePermissionPage } from './types';

const PAGE_SIZE = 100;

/** The permissions a role grants: listed, removed one at a time, added by picking an API and its scopes. */
export function RolePermissions({ roleId }: { roleId: string }) {
  const [page, setPage] = useState(0);
  const [status, setStatus] = useState<string>();
  const path = `/roles/${roleId}/permissions`;
  const list = useLoad(`role-permissions:${roleId}:${page}`, () =>
    get<RolePermissionPage>(path, { page, per_page: PAGE_SIZE, include_totals: true }),
  );
  const apis = useLoad('apis:all', loadAllApis);
  const add = useAction(async (identifier: string, names: string[]) => {
    await post(path, { permissions: names.map((permission_name) => ({ resource_server_identifier: identifier, permission_name })) });
    return true;
  });
  const remove = useAction(async (p: RolePermission) => {
    await del(path, { permissions: [{ resource_server_identifier: p.resource_server_identifier, permission_name: p.permission_name }] });
    return true;
  });
  // Only the page shown is known; the API keeps an already-given permission as it is, so offering it again is harmless.
  const given = useMemo(() => {
    const byApi = new Map<string, Set<string>>();
    for (const p of list.data?.permissions ?? []) {
      if (!byApi.has(p.resource_server_identifier)) byApi.set(p.resource_server_identifier, new Set());
      byApi.get(p.resource_server_identifier)!.add(p.permission_name);
    }
    return byApi;
  }, [list.data]);
  return (
    <>
      <StatusNotice>{status}</StatusNotice>
      <ErrorNotice error={list.error ?? remove.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.permissions.length === 0 ? <Empty>This role grants no permission yet.</Empty> : null}
      {list.data && list.data.permissions.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Permissions of this role</caption>
          <thead>
            <tr>
              <th scope="col">Permission</th>
              <th scope="col">API</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.permissions.map((p) => (
              <tr key={`${p.resource_server_identifier} ${p.permission_name}`}>
                <td>
                  <code>{p.permission_name}</code>
                </td>
                <td>{p.resource_server_name}</td>
                <td>{p.description}</td>
                <td>
                  <ConfirmButton
                    className="danger small"
                    title={`Remove permission ${p.permission_name}?`}
                    confirmLabel="Remove permission"
                    description={<p>Users holding this role lose it from their next token.</p>}
                    onConfirm={async () => {
                      setStatus(undefined);
                      if (await remove.run(p)) {
                        setStatus(`Permission ${p.permission_name} removed.`);
                        list.reload();
                      }
                    }}
                  >
                    Remove<span className="visually-hidden"> {p.permission_name}</span>
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.data ? <PagePager page={page} perPage={PAGE_SIZE} total={list.data.total} onPage={setPage} /> : null}
      <h3>Add permissions</h3>
      <ErrorNotice error={apis.error} />
      {apis.data && apis.data.length === 0 ? (
        <Empty>
          No API defines permissions yet. <Link to="/apis/new">Create an API</Link> first.
        </Empty>
      ) : null}
      {apis.data && apis.data.length > 0 ? (
        <ScopePicker
          apis={apis.data}
          taken={(identifier) => given.get(identifier) ?? new Set()}
          submitLabel="Add permissions"
          error={add.error}
          pending={add.pending}
          onSubmit={async (api, scopes) => {
            setStatus(undefined);
            const done = await add.run(api.identifier, scopes);
            if (done) {
              setStatus(`${scopes.length} permission${scopes.length === 1 ? '' : 's'} added.`);
              list.reload();
            }
            return done;
          }}
        />
      ) : null}
    </>
  );
}
