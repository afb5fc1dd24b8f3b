import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import './styles/theme.css';
import './styles/app.css';
// Last, so that the layouts for each screen size and the touch rules refine every other style.
import './styles/layouts.css';
import './styles/touch.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
