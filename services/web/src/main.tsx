import 'antd/dist/antd.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, newQueryClient } from './app/App';
import { routes } from './app/router';
import './lib/i18n';

const queryClient = newQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App router={createBrowserRouter(routes)} queryClient={queryClient} />
  </StrictMode>,
);

// The service worker (src/service-worker.js, built as /sw.js) keeps the app for offline use. Once
// it controls the page, what was read before goes through it again, so that it keeps a copy.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('controllerchange', () => void queryClient.invalidateQueries());
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => {
      // No service worker (a private window, an old browser): the app works online as before.
    });
  });
}
