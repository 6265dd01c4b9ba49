/**
 * @xianzhi/admin-kit — what every admin page is built with, the shell's and every module's: typed
 * tRPC hooks on one cached, batched, live-refreshed client; the UI components; the language and
 * the county's date formatting; the contract of a module's pages.
 */
export {
  ApiProvider,
  authHeaders,
  newIdempotencyKey,
  readToken,
  useApi,
  useApiClient,
  useModuleApi,
  writeToken,
} from './api';
export { invalidationBatcher, namespaceOf, useLiveUpdates, type LiveStatus } from './live';
export { assignProblems, errorInfo, type ErrorInfo, type ServerProblem } from './errors';
export { issueText, reasonText } from './error-text';
export {
  Field,
  FieldErrors,
  Refusal,
  refusalMessages,
  useCommandForm,
  type CommandForm,
} from './command-form';
export {
  LangProvider,
  fill,
  storedLang,
  useLang,
  useText,
  type Lang,
  type Messages,
  type Params,
} from './i18n';
export * from './format';
export {
  AsOfSection,
  DataTable,
  Empty,
  Figure,
  Figures,
  Gap,
  Loading,
  PageError,
  PageTitle,
  QueryError,
  QueryView,
  Section,
  ShareBar,
  Tone,
  type Column,
} from './ui';
export {
  definePluginAdmin,
  type AdminEntryLoader,
  type PluginAdmin,
  type PluginAdminPage,
  type PluginPageProps,
  type TimeAt,
} from './pages';
// The query hooks pages use with the options above (so a module depends on the kit alone).
export {
  skipToken,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  useSuspenseQuery,
} from '@tanstack/react-query';
