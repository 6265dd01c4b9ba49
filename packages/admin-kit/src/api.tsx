/**
 * The typed tRPC hooks every admin page uses, core or plugin: one client (queries and mutations in
 * HTTP batches with the signed-in token, subscriptions over SSE) and one query cache, so every page
 * gets caching, batching and the live refresh (./live).
 *
 * A page is typed by the router it calls: the admin shell by the whole app (`useApi<AppRouter>()`),
 * a module's pages by their own module (`useModuleApi<'education', typeof educationRouter>('education')`,
 * built from the module's router record alone — a plugin never imports the app). Both are views of
 * the same client; the server checks every input whatever the client's type says.
 */
import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  TRPCClientError,
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { createTRPCContext, type TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AnyTRPCRouter, TRPCRouterRecord } from '@trpc/server';
import type { ModuleRouter } from '@xianzhi/api';

const context = createTRPCContext<AnyTRPCRouter>();

/**
 * The API as typed by `Router` (the app's, or a module's): `queryOptions`, `mutationOptions`,
 * `subscriptionOptions` and query keys for every procedure.
 *
 * @example
 * const trpc = useApi<AppRouter>();
 * const tree = useQuery(trpc.divisions.tree.queryOptions({ rootId, asOf }));
 */
export function useApi<Router extends AnyTRPCRouter>(): TRPCOptionsProxy<Router> {
  // The one client is untyped; which router's view a page takes is its type parameter.
  return context.useTRPC() as TRPCOptionsProxy<Router>;
}

/**
 * One module's procedures, typed by its own router record (its pages need not know the app).
 *
 * @example
 * const education = useModuleApi<'education', typeof educationRouter>('education');
 * const layout = useQuery(education.layout.queryOptions({ ...at }));
 */
export function useModuleApi<Name extends string, Record extends TRPCRouterRecord>(
  name: Name,
): TRPCOptionsProxy<ModuleRouter<Name, Record>>[Name] {
  return useApi<ModuleRouter<Name, Record>>()[name];
}

/** The client, typed by `Router`, for calls outside React Query (a form's submit that awaits the answer). */
export function useApiClient<Router extends AnyTRPCRouter>(): TRPCClient<Router> {
  return context.useTRPCClient() as TRPCClient<Router>;
}

const TOKEN_KEY = 'xianzhi.token';

export function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token === null) localStorage.removeItem(TOKEN_KEY);
    else localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // private mode: the session lasts for this page only
  }
}

/** Authorization header for fetches outside tRPC (exports). */
export function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** HTTP statuses a retry cannot change: refused or unknown requests. */
const FINAL = [400, 401, 403, 404, 409, 422];

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          count < 2 &&
          !(
            error instanceof TRPCClientError &&
            FINAL.includes((error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 0)
          ),
      },
    },
  });
}

/**
 * The query cache and the client at `/trpc`. A subscription carries the token in its
 * `connectionParams` (an EventSource cannot send headers; the server checks it again before every
 * event).
 */
export function ApiProvider({ children, url = '/trpc' }: { children: ReactNode; url?: string }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AnyTRPCRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url,
            connectionParams: () => {
              const token = readToken();
              return token ? { token } : {};
            },
          }),
          // the server refuses batches of more than 100 calls (XIANZHI_BATCH_LIMIT)
          false: httpBatchLink({ url, headers: authHeaders, maxURLLength: 6000, maxItems: 50 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <context.TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </context.TRPCProvider>
    </QueryClientProvider>
  );
}

/** A fresh idempotency key (works outside secure contexts too, where crypto.randomUUID is missing). */
export function newIdempotencyKey(prefix = 'admin'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
