import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type } from 'typebox';
import { DomainError } from '../domain/errors.js';
import { SELF_SERVICE_STRATEGIES, STRATEGY_OF, type SelfServiceStrategy, type Wizard } from '../domain/self-service/self-service.types.js';
import { findNulCharacter } from '../shared/nul-character.js';
import { addPageHeaders } from '../shared/pages/headers.js';
import { fieldOfOption, IDP_KINDS, readIdpForm } from './idp-kinds.js';
import { clearSession, csrfToken, csrfValid, sessionOf, setSession } from './session.js';
import { finishOidcTest, metaOf, startTestSignIn, type TestSignInDeps } from './test-sign-in.js';
import { WIZARD_CSS, type WizardBranding } from './views/layout.js';
import { configurePage, domainsPage, finishPage, messagePage, type PageContext, providerPage, type Step, testPage } from './views/pages.js';

export interface SelfServiceDeps extends TestSignInDeps {
  /** Signs the wizard's CSRF tokens. */
  csrfSecret: string;
  /** The session cookie is Secure when the issuer is https. */
  secureCookies: boolean;
  /** A SAML connection configured by metadata URL gets the document fetched when it is saved. */
  withFetchedMetadata<T extends Record<string, unknown> | undefined>(strategy: string, options: T): Promise<T>;
}

type Form = Record<string, string | undefined>;

const INVALID_TITLE = 'This setup link cannot be used';

function brandingOf(wizard: Wizard): WizardBranding {
  const { branding, name } = wizard.profile;
  return { vendor: name, logoUrl: branding?.logo_url, primaryColor: branding?.colors?.primary };
}

function stepsOf(wizard: Wizard): Step[] {
  const verification = wizard.config.domain_aliases_config?.domain_verification ?? 'none';
  return ['provider', 'configure', 'test', ...(verification === 'none' ? [] : (['domains'] as const)), 'finish'];
}

const see = (reply: FastifyReply, location: string) => reply.code(303).header('location', location).send();

/**
 * The hosted self-service SSO wizard (`/self-service`): server-rendered pages without script that a
 * customer's IT admin reaches through an SSO ticket. The ticket is spent when opened; a session
 * cookie bound to it carries the wizard, and every POST carries a CSRF token bound to the ticket.
 * Every change is a call to the self-service wizard service.
 */
export const selfServicePlugin: FastifyPluginAsync<SelfServiceDeps> = async (app, deps) => {
  const { selfServiceWizard: wizards, organizations } = deps.services;
  await app.register(formbody, { bodyLimit: 512 * 1024 });
  addPageHeaders(app, { formActionSelf: true });

  app.addHook('preValidation', async (request, reply) => {
    if (!findNulCharacter(request.body) && !findNulCharacter(request.query)) return;
    return reply
      .code(400)
      .type('text/html')
      .send(messagePage({ title: 'This form contains a character that is not allowed', message: 'Check what you typed and try again.' }));
  });

  app.setErrorHandler((error, request, reply) => {
    const exposed = error instanceof DomainError && error.expose;
    if (!exposed) request.log.error({ err: error }, 'self-service setup failure');
    const invalid = error instanceof DomainError && error.code === 'sso_ticket_invalid';
    if (invalid) clearSession(reply, deps.secureCookies);
    const status = exposed ? error.status : ((error as { statusCode?: number }).statusCode ?? 500);
    return reply
      .code(status >= 400 ? status : 500)
      .type('text/html')
      .send(
        messagePage({
          title: invalid ? INVALID_TITLE : 'Something went wrong',
          message: exposed ? error.message : 'We could not complete this step. Try again.',
          reference: request.id,
        }),
      );
  });

  app.get('/assets/wizard.css', async (_request, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=3600').send(WIZARD_CSS),
  );

  /** The wizard of this browser's session; on POST, only with the ticket's CSRF token. */
  async function load(request: FastifyRequest): Promise<Wizard> {
    const session = sessionOf(request);
    if (!session) throw new DomainError('sso_ticket_invalid', 'Open the setup link you were sent to start the setup.');
    const wizard = await wizards.resume(session);
    if (request.method === 'POST' && !csrfValid(deps.csrfSecret, wizard.ticketId, (request.body as Form | undefined)?._csrf)) {
      throw new DomainError('invalid_request', 'This form has expired. Reload the page and try again.');
    }
    return wizard;
  }

  function context(wizard: Wizard): PageContext {
    return { branding: brandingOf(wizard), csrf: csrfToken(deps.csrfSecret, wizard.ticketId), steps: stepsOf(wizard) };
  }

  function page(reply: FastifyReply, body: string, status = 200) {
    return reply.code(status).type('text/html').send(body);
  }

  /** The kinds this wizard may offer: the profile's, and for an existing connection those of its strategy. */
  async function kindsOf(wizard: Wizard) {
    const strategy = wizard.config.connection_id ? (await wizards.connection(wizard)).strategy : undefined;
    return SELF_SERVICE_STRATEGIES.filter((k) => wizard.profile.allowed_strategies.includes(k))
      .filter((k) => strategy === undefined || STRATEGY_OF[k] === strategy)
      .map((id) => ({ id, label: IDP_KINDS[id].label }));
  }

  // The ticket link: spent here, exchanged for the session cookie.
  app.get(
    '/connections-flow',
    { schema: { querystring: Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 128 }) }) } },
    async (request, reply) => {
      const { ticket } = request.query as { ticket: string };
      const { session, wizard } = await wizards.open(ticket, metaOf(request));
      setSession(reply, session, wizard.expiresAt, deps.secureCookies);
      return see(reply, '/self-service/setup');
    },
  );

  app.get('/setup', async (request, reply) => {
    const wizard = await load(request);
    const { state } = wizard;
    if (!state.kind) return see(reply, '/self-service/setup/provider');
    if (!state.configured) return see(reply, '/self-service/setup/configure');
    if (!state.test?.ok) return see(reply, '/self-service/setup/test');
    return see(reply, stepsOf(wizard).includes('domains') ? '/self-service/setup/domains' : '/self-service/setup/finish');
  });

  app.get('/setup/provider', async (request, reply) => {
    const wizard = await load(request);
    return page(reply, providerPage({ ...context(wizard), kinds: await kindsOf(wizard), chosen: wizard.state.kind }));
  });

  app.post('/setup/provider', async (request, reply) => {
    const wizard = await load(request);
    const chosen = (request.body as Form).strategy;
    const kinds = await kindsOf(wizard);
    if (!kinds.some((k) => k.id === chosen)) {
      return page(reply, providerPage({ ...context(wizard), kinds, error: 'Choose one of the identity providers listed.' }), 400);
    }
    await wizards.choose(wizard, chosen as SelfServiceStrategy, metaOf(request));
    return see(reply, '/self-service/setup/configure');
  });

  /** What the IT admin pastes into their IdP. */
  async function setupValues(wizard: Wizard) {
    const connection = await wizards.connection(wizard);
    if (IDP_KINDS[wizard.state.kind!].protocol === 'oidc') return [{ label: 'Redirect URI', value: deps.oidcRedirectUri }];
    const sp = deps.saml.spValues(connection);
    return [
      { label: 'ACS URL (reply URL)', value: sp.acsUrl },
      { label: 'Entity ID (audience)', value: sp.entityId },
      { label: 'SP metadata URL', value: sp.metadataUrl },
      { label: 'Name ID format', value: sp.nameIdFormat },
    ];
  }

  async function renderConfigure(reply: FastifyReply, wizard: Wizard, errors: Record<string, string> = {}, formError?: string) {
    const kind = IDP_KINDS[wizard.state.kind!];
    const connection = await wizards.connection(wizard);
    const hasSecret = typeof connection.options.client_secret === 'string';
    const status = Object.keys(errors).length > 0 || formError ? 400 : 200;
    return page(
      reply,
      configurePage({ ...context(wizard), kind, values: await setupValues(wizard), errors, formError, hasSecret }),
      status,
    );
  }

  app.get('/setup/configure', async (request, reply) => {
    const wizard = await load(request);
    if (!wizard.state.kind) return see(reply, '/self-service/setup/provider');
    return renderConfigure(reply, wizard);
  });

  app.post('/setup/configure', async (request, reply) => {
    const wizard = await load(request);
    if (!wizard.state.kind) return see(reply, '/self-service/setup/provider');
    const kind = IDP_KINDS[wizard.state.kind];
    const connection = await wizards.connection(wizard);
    const { options, errors } = readIdpForm(kind, request.body as Form, typeof connection.options.client_secret === 'string');
    if (Object.keys(errors).length > 0) return renderConfigure(reply, wizard, errors);
    try {
      await wizards.configure(wizard, await deps.withFetchedMetadata(connection.strategy, options), metaOf(request));
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'invalid_body')) throw error;
      const field = fieldOfOption(kind, error.detail?.field);
      return field ? renderConfigure(reply, wizard, { [field]: error.message }) : renderConfigure(reply, wizard, {}, error.message);
    }
    return see(reply, '/self-service/setup/test');
  });

  app.get('/setup/test', async (request, reply) => {
    const wizard = await load(request);
    if (!wizard.state.configured) return see(reply, '/self-service/setup/configure');
    const claims = wizard.state.test?.claims ?? {};
    const attributes = wizard.profile.user_attributes.map((a) => ({
      ...a,
      received: claims[a.name] !== undefined && claims[a.name] !== '',
    }));
    const next = stepsOf(wizard).includes('domains') ? '/self-service/setup/domains' : '/self-service/setup/finish';
    return page(
      reply,
      testPage({ ...context(wizard), kindLabel: IDP_KINDS[wizard.state.kind!].idpName, test: wizard.state.test, attributes, next }),
    );
  });

  // A link, not a form: the IdP round trip is a top-level navigation that changes nothing but the test.
  app.get('/setup/test/start', async (request, reply) => {
    const wizard = await load(request);
    if (!wizard.state.configured) return see(reply, '/self-service/setup/configure');
    return startTestSignIn(deps, wizard, reply);
  });

  app.get('/setup/test/oidc', async (request, reply) => finishOidcTest(deps, await load(request), request, reply));

  async function renderDomains(reply: FastifyReply, wizard: Wizard, error?: string, value?: string) {
    const required = wizard.config.domain_aliases_config?.domain_verification === 'required';
    const domains = await wizards.domains(wizard);
    // The vendor's suggestion (Auth0's pending_domains), one at a time, until each is added.
    const suggested = wizard.config.domain_aliases_config?.pending_domains?.find((p) => !domains.some((d) => d.domain === p.toLowerCase()));
    return page(reply, domainsPage({ ...context(wizard), domains, required, error, value: value ?? suggested }), error ? 400 : 200);
  }

  app.get('/setup/domains', async (request, reply) => renderDomains(reply, await load(request)));

  app.post('/setup/domains', async (request, reply) => {
    const wizard = await load(request);
    const domain = ((request.body as Form).domain ?? '').trim();
    if (!domain) return renderDomains(reply, wizard, 'Enter a domain, like acme.com.');
    try {
      await wizards.addDomain(wizard, domain, metaOf(request));
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'invalid_body' || error.code === 'domain_conflict')) {
        return renderDomains(reply, wizard, error.message, domain);
      }
      throw error;
    }
    return see(reply, '/self-service/setup/domains');
  });

  app.post(
    '/setup/domains/:id/verify',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (request, reply) => {
      const wizard = await load(request);
      await wizards.verifyDomain(wizard, (request.params as { id: string }).id, metaOf(request));
      return see(reply, '/self-service/setup/domains');
    },
  );

  async function renderFinish(reply: FastifyReply, wizard: Wizard, error?: string) {
    const connection = await wizards.connection(wizard);
    const organizationNames: string[] = [];
    for (const o of wizard.config.enabled_organizations ?? []) {
      const org = await organizations.get(o.organization_id);
      organizationNames.push(org.display_name ?? org.name);
    }
    const domains = (await wizards.domains(wizard)).filter((d) => d.status === 'verified').map((d) => d.domain);
    return page(
      reply,
      finishPage({
        ...context(wizard),
        kindLabel: IDP_KINDS[wizard.state.kind!].label,
        connectionName: connection.display_name ?? connection.name,
        organizations: organizationNames,
        domains,
        error,
      }),
      error ? 400 : 200,
    );
  }

  app.get('/setup/finish', async (request, reply) => {
    const wizard = await load(request);
    if (!wizard.state.test?.ok) return see(reply, '/self-service/setup/test');
    return renderFinish(reply, wizard);
  });

  app.post('/setup/finish', async (request, reply) => {
    const wizard = await load(request);
    try {
      await wizards.finish(wizard, metaOf(request));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid_request') return renderFinish(reply, wizard, error.message);
      throw error;
    }
    clearSession(reply, deps.secureCookies);
    return page(
      reply,
      messagePage({
        title: 'Single sign-on is set up',
        message: `Your people can now sign in to ${wizard.profile.name} through ${IDP_KINDS[wizard.state.kind!].idpName}. You can close this page.`,
        branding: brandingOf(wizard),
        success: true,
      }),
    );
  });
};
