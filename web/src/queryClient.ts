import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './lib/http';
import { notifyError } from './lib/notify';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { silent?: boolean };
  }
}

const PUBLIC = /^\/(login|setup|invite\/)/;

/** When the session expires mid-use, send the user back to the login page. */
function onUnauthenticated(err: unknown) {
  if (err instanceof ApiError && err.status === 401 && !PUBLIC.test(window.location.pathname)) {
    window.location.assign('/login');
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthenticated }),
  mutationCache: new MutationCache({
    onError: (err, _v, _c, mutation) => {
      onUnauthenticated(err);
      if (!mutation.meta?.silent) notifyError(err);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      // Offline, a read still goes out once: the service worker answers it from what this device
      // kept (web/public/sw.js). The default ('online') would leave every page loading forever.
      networkMode: 'offlineFirst',
    },
  },
});
