// Webpack configuration for the JupyterLab front end: one application bundle
// plus one CSS bundle per theme extension. build.js runs it inside the cache
// directory where the npm packages are installed.
const path = require('path');
const webpack = require('webpack');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');
const miniSVGDataURI = require('mini-svg-data-uri');

/** Rules shared by the application and the theme bundles. */
function assetRules() {
  return [
    { test: /\.raw\.css$/, type: 'asset/source' },
    { test: /\.html$/, type: 'asset/resource' },
    { test: /\.md$/, type: 'asset/source' },
    { test: /\.(jpg|png|gif)$/, type: 'asset/resource' },
    { test: /\.js\.map$/, type: 'asset/resource' },
    { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: 'asset' },
    { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: 'asset/resource' },
    {
      // Icons referenced from CSS become data URIs.
      test: /\.svg(\?v=\d+\.\d+\.\d+)?$/,
      issuer: /\.css$/,
      type: 'asset/inline',
      generator: { dataUrl: content => miniSVGDataURI(content.toString()) }
    },
    {
      // Icons imported from JavaScript are raw SVG strings (LabIcon).
      test: /\.svg(\?v=\d+\.\d+\.\d+)?$/,
      issuer: /\.js$/,
      type: 'asset/source'
    }
  ];
}

/**
 * @param {{ root: string, output: string, themes: {name: string, css: string}[] }} options
 */
module.exports = function makeConfig({ root, output, themes }) {
  const application = {
    name: 'application',
    context: root,
    entry: path.join(root, 'src', 'index.js'),
    output: { path: output, filename: 'bundle.js', publicPath: 'auto' },
    mode: 'development',
    devtool: false,
    bail: true,
    performance: { hints: false },
    module: {
      rules: [
        { test: /\.css$/, exclude: /\.raw\.css$/, use: ['style-loader', 'css-loader'] },
        ...assetRules()
      ]
    },
    resolve: { fallback: { path: false, fs: false, crypto: false } },
    plugins: [
      // Some packages read process.cwd() / process.env in the browser.
      new webpack.DefinePlugin({ process: { cwd: () => '/', env: {} } })
    ]
  };
  const themeBundles = themes.map(theme => ({
    name: `theme ${theme.name}`,
    context: root,
    entry: { index: theme.css },
    output: { path: path.join(output, 'themes', theme.name), filename: 'index.js' },
    mode: 'development',
    devtool: false,
    bail: true,
    performance: { hints: false },
    module: {
      rules: [
        { test: /\.css$/, exclude: /\.raw\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] },
        ...assetRules()
      ]
    },
    plugins: [new MiniCssExtractPlugin({ filename: 'index.css' })]
  }));
  return [application, ...themeBundles];
};
