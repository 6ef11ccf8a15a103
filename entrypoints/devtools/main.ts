import { browser } from 'wxt/browser';

// The panel title is "JWT"; its page is the devtools-panel entrypoint.
void browser.devtools.panels.create('JWT', '/icon/32.png', '/devtools-panel.html');
