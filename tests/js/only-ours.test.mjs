// Which DOM changes are only the extension's own warnings coming and going (extension/extract.js
// `onlyOurs`): the one rule behind both observers, the content script's (which re-reads the page
// for any other change) and the chunked snapshot's (which reads the page again after one).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../extension/protocol.js';
import '../../extension/extract.js';

const { onlyOurs } = globalThis.DisclosureLensExtract;
const ourHost = { name: 'a warning host' };
const pageNode = { name: 'an element of the page' };
const hosts = new WeakSet([ourHost]);
const childList = (addedNodes, removedNodes = []) => ({ type: 'childList', addedNodes, removedNodes });

test('adding or removing only our hosts is ours', () => {
  assert.equal(onlyOurs(childList([ourHost]), hosts), true);
  assert.equal(onlyOurs(childList([], [ourHost]), hosts), true);
  assert.equal(onlyOurs(childList([ourHost], [ourHost]), hosts), true);
});

test('any page node in the change, or any other kind of change, is the page\'s', () => {
  assert.equal(onlyOurs(childList([ourHost, pageNode]), hosts), false);
  assert.equal(onlyOurs(childList([], [pageNode]), hosts), false);
  assert.equal(onlyOurs({ type: 'attributes', target: ourHost, addedNodes: [], removedNodes: [] }, hosts), false);
  assert.equal(onlyOurs({ type: 'characterData', target: pageNode, addedNodes: [], removedNodes: [] }, hosts), false);
});

test('with no hosts known, nothing is ours', () => {
  assert.equal(onlyOurs(childList([ourHost]), undefined), false);
});
