import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../api/client';
import { ErrorNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { FormActions, PageHeader } from '../../ui/layout';
import { SIGNING_ALGS, type ResourceServer } from './types';

const FIELDS = ['name', 'identifier', 'signing_alg'];

export default function ApiCreate() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [signingAlg, setSigningAlg] = useState<string>(SIGNING_ALGS[0]);
  const create = useAction(() => post<ResourceServer>('/resource-servers', { name, identifier, signing_alg: signingAlg }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (created) navigate(`/apis/${created.id}`);
  };
  return (
    <>
      <PageHeader title="Create API" crumbs={[{ label: 'APIs', to: '/apis' }, { label: 'Create API' }]} />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorNotice error={formLevelError(create.error, FIELDS)} />
        <TextField
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(create.error, 'name')}
          hint="A friendly name, e.g. Invoices API."
        />
        <TextField
          label="Identifier"
          required
          value={identifier}
          onChange={(e) => setIdentifier(e.target.value)}
          error={fieldError(create.error, 'identifier')}
          hint="The audience applications ask tokens for, e.g. https://invoices.example.com/. It cannot be changed later."
        />
        <SelectField
          label="Signing algorithm"
          value={signingAlg}
          onChange={(e) => setSigningAlg(e.target.value)}
          error={fieldError(create.error, 'signing_alg')}
          options={SIGNING_ALGS.map((alg) => ({ value: alg, label: alg }))}
          hint="Gatehouse signs access tokens with RS256."
        />
        <FormActions submit="Create API" pending={create.pending} cancelTo="/apis" />
      </form>
    </>
  );
}
