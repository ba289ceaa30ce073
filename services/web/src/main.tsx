import 'antd/dist/antd.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, newQueryClient } from './app/App';
import { routes } from './app/router';
import './lib/i18n';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App router={createBrowserRouter(routes)} queryClient={newQueryClient()} />
  </StrictMode>,
);
