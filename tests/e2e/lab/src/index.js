// Entry point of the JupyterLab 4 front end used by tsdl's browser tests.
// The plugin lists live in ./generated/plugins.js, written by build.js from the
// "jupyterlab" section of package.json, so the package list has one source.
import './publicpath.js';
import './generated/style.js';
import { JupyterLab } from '@jupyterlab/application';
import { pluginModules, mimeModules } from './generated/plugins.js';

// Plugins that need the language-server machinery (not bundled here).
const unsupported = /:language-server|lsp/;

function keepSupported(module) {
  const plugins = module.default ?? module;
  const list = Array.isArray(plugins) ? plugins : [plugins];
  return list.filter(plugin => !unsupported.test(plugin.id));
}

async function start() {
  const mimeExtensions = await Promise.all(mimeModules);
  const lab = new JupyterLab({ mimeExtensions });
  for (const module of await Promise.all(pluginModules)) {
    lab.registerPlugins(keepSupported(module));
  }
  await lab.start();
  await lab.restored;
  // The browser tests drive the application through its command registry, as
  // JupyterLab's own UI tests do.
  window.jupyterapp = lab;
  // A marker the browser tests wait for.
  document.body.dataset.tsdlLabReady = 'true';
  console.log('tsdl-e2e: JupyterLab restored');
}

window.addEventListener('load', () => {
  start().catch(error => {
    console.error('tsdl-e2e: JupyterLab failed to start', error);
  });
});
