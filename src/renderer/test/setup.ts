import 'fake-indexeddb/auto';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Live queries settle asynchronously; a loaded machine must not turn that into a failure.
configure({ asyncUtilTimeout: 10_000 });

// Testing Library only auto-cleans when test globals are on; this project imports them explicitly.
afterEach(() => {
  cleanup();
});

// RxDB dev-mode appends a hidden tracking iframe (rxdb.info) to the body. happy-dom does not
// load iframes and prints a stack trace for it in every test file, so keep it out of the DOM.
const appendToBody = document.body.appendChild.bind(document.body);
document.body.appendChild = <T extends Node>(node: T): T => {
  const isRxdbTracker =
    node instanceof HTMLElement &&
    node.querySelector('iframe') !== null &&
    (node.textContent ?? '').includes('RxDB Dev-Mode');
  return isRxdbTracker ? node : appendToBody(node);
};
