// Writes Ant Design's styles for the console's theme into src/antd-styles.css before the build.
// Ant computes every component's styles in the browser on first render (CSS-in-JS), which cost
// a fresh page about 300 ms of script; with this sheet loaded it finds each style already there
// (the sheet's cache-path rule lists them) and skips computing it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The class names carry a hash that differs between Ant's development and production builds.
process.env.NODE_ENV = 'production';
const require = createRequire(import.meta.url);
const { extractStyle } = require('@ant-design/static-style-extract');
const { ConfigProvider } = require('antd');
const { createElement } = require('react');
const theme = require('../src/theme.json');

// Ant warns of its deprecated components while it renders every one of them; none is used here.
const warn = console.error;
console.error = (message, ...rest) => {
  if (!String(message).startsWith('Warning: [antd:')) warn(message, ...rest);
};
const css = extractStyle((node) => createElement(ConfigProvider, { theme }, node));
console.error = warn;
writeFileSync(new URL('../src/antd-styles.css', import.meta.url), css);
console.log(`antd styles: ${css.length} bytes`);
