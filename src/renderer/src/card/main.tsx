import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getRingsideClient } from '../api/ringside-client';
import { CardWindowApp } from './CardWindowApp';
import '../styles/base.css';
import '../styles/card.css';
import '../styles/quickbooks.css';

const root = document.getElementById('root');
if (!root) throw new Error('card.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <CardWindowApp client={getRingsideClient()} />
  </StrictMode>,
);
