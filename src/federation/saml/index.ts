/** SAML 2.0 service provider for `samlp` enterprise connections. */
export {
  createSamlServiceProvider,
  CLOCK_SKEW_MS,
  type SamlServiceProvider,
  type SamlServiceProviderDeps,
  type SpValues,
  type SamlConnection,
} from './service-provider.js';
export { readSamlSettings, type SamlSettings } from './settings.js';
export { DEFAULT_ATTRIBUTE_MAPPING, type AttributeMapping } from './attribute-mapping.js';
export { MAX_RESPONSE_BASE64 } from './checks/decode-response.js';
