// Webpack loads lazy chunks (mermaid, vega, codemirror languages) relative to this
// path; it must be set before any CSS or chunk is requested, so this module is
// imported first by index.js.
import { PageConfig } from '@jupyterlab/coreutils';

// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';
