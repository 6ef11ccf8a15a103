import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '../../components/App.tsx';
import '../../components/panel.css';
import { portTransport } from './port-transport.ts';

const root = document.documentElement;
root.dataset.theme = browser.devtools.panels.themeName === 'dark' ? 'dark' : 'light';
render(<App transport={portTransport(browser.devtools.inspectedWindow.tabId)} />, document.getElementById('app')!);
