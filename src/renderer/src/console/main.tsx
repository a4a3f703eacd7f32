import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleQueryClient } from '../api/query-client';
import { getRingsideClient } from '../api/ringside-client';
import { ConsoleApp } from './ConsoleApp';
import '../styles/base.css';
import '../styles/console.css';
import '../styles/billing.css';
import '../styles/quickbooks.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createConsoleQueryClient()}>
      <ConsoleApp client={getRingsideClient()} />
    </QueryClientProvider>
  </StrictMode>,
);
