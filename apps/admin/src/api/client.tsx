/**
 * The tRPC client: queries and mutations in HTTP batches with the signed-in token, subscriptions
 * over SSE — an EventSource cannot send headers, so a subscription carries the token in its
 * `connectionParams` (the server checks it again before every event).
 */
import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  TRPCClientError,
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from './types';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

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

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A refused or unknown request will not succeed on a retry.
        retry: (count, error) =>
          count < 2 &&
          !(
            error instanceof TRPCClientError &&
            [400, 401, 403, 404, 409, 422].includes(
              (error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 0,
            )
          ),
      },
    },
  });
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url: '/trpc',
            connectionParams: () => {
              const token = readToken();
              return token ? { token } : {};
            },
          }),
          // the server refuses batches of more than 100 calls (XIANZHI_BATCH_LIMIT)
          false: httpBatchLink({ url: '/trpc', headers: authHeaders, maxURLLength: 6000, maxItems: 50 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** A fresh idempotency key (works outside secure contexts too, where crypto.randomUUID is missing). */
export function newIdempotencyKey(prefix = 'admin'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
