/** Entry point: mounts the app and shows a start-up failure in the page instead of a blank one. */
import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
try {
  mount(App, { target });
} catch (err) {
  const box = document.createElement('div');
  box.className = 'error-banner fatal';
  box.setAttribute('role', 'alert');
  box.textContent = `The lab could not start: ${err instanceof Error ? err.message : String(err)}`;
  target.replaceChildren(box);
  throw err;
}
