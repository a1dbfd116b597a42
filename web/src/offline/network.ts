import { useSyncExternalStore } from 'react';

const subscribe = (l: () => void) => {
  window.addEventListener('online', l);
  window.addEventListener('offline', l);
  return () => {
    window.removeEventListener('online', l);
    window.removeEventListener('offline', l);
  };
};

/** The browser's own view of the network: false as soon as it knows it is offline. */
export const useOnline = () => useSyncExternalStore(subscribe, () => navigator.onLine);

/** Installs the service worker (src: web/public/sw.js) where the browser allows one. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
    // A document loaded during the worker's activation is not among the clients it claimed then:
    // such a page asks the active worker to claim it, rather than staying online-only until reload.
    void navigator.serviceWorker.ready.then((registration) => {
      if (!navigator.serviceWorker.controller) registration.active?.postMessage('claim');
    });
  });
}

/** Deletes the API answers kept for offline reading (on logout: they belong to who was logged in). */
export async function forgetOfflineData() {
  navigator.serviceWorker?.controller?.postMessage('forget-api');
  if ('caches' in window) await caches.delete('rapport-api-v1');
}
