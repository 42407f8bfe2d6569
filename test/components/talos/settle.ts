// Waits until every pending resource registration of the mocked run has finished, so tests see
// leaf resources (applies, the bootstrap) that no component output depends on.
export { waitForRegistrations as settle } from '../../../src/engine/render';
