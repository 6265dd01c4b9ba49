/**
 * Signing in with a token: it is kept in localStorage and sent as `Authorization: Bearer …`;
 * `access.whoami` says whose it is and what it may do.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { readToken, useTRPC, writeToken } from '../api/client';
import type { Whoami } from '../api/types';

export interface Session {
  token: string | null;
  who: Whoami | null;
  /** True while a stored token is being checked. */
  checking: boolean;
  isAdmin: boolean;
  /** Whether the token has `scope` (admin has all; write implies read). */
  can: (scope: string) => boolean;
  signIn: (token: string) => Promise<boolean>;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(readToken);
  const whoami = useQuery({
    ...trpc.access.whoami.queryOptions(),
    enabled: token !== null,
    staleTime: Infinity,
  });
  const who = token === null ? null : (whoami.data ?? null);

  const signIn = useCallback(
    async (candidate: string) => {
      const t = candidate.trim();
      if (!t) return false;
      writeToken(t);
      queryClient.removeQueries();
      const me = await queryClient
        .fetchQuery({ ...trpc.access.whoami.queryOptions(), staleTime: 0 })
        .catch(() => null);
      if (!me) {
        writeToken(null);
        queryClient.removeQueries();
        return false;
      }
      setToken(t);
      return true;
    },
    [queryClient, trpc],
  );

  const signOut = useCallback(() => {
    writeToken(null);
    setToken(null);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo<Session>(() => {
    const scopes = who?.scopes ?? [];
    const isAdmin = scopes.includes('admin');
    return {
      token,
      who,
      checking: token !== null && whoami.isPending,
      isAdmin,
      can: (scope) =>
        isAdmin ||
        scopes.includes(scope) ||
        (scope.endsWith(':read') && scopes.includes(scope.replace(/:read$/, ':write'))),
      signIn,
      signOut,
    };
  }, [token, who, whoami.isPending, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}
