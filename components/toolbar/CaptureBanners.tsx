import { skippedBodiesMessage, type SkippedBodies } from '../../lib/capture/response-body.ts';
import type { PanelState } from '../state/panel-store.ts';

/**
 * What the capture needs the user to know: a protocol mismatch, notices of kept or lost data
 * (the worker's, and response bodies too large to scan), an error.
 */
export function CaptureBanners({
  capture,
  skippedBodies,
}: {
  capture: PanelState['capture'];
  skippedBodies?: SkippedBodies;
}) {
  return (
    <>
      {capture.status.state === 'version-mismatch' && (
        <div class="banner" role="alert">
          {capture.status.message}
        </div>
      )}
      {(capture.notices.length + capture.panelNotices.length > 0 || skippedBodies) && (
        <div class="notice-bar">
          {[...capture.notices, ...capture.panelNotices].map((n) => (
            <span key={n.code} class="toolbar-notice" role="status" data-testid="capture-notice" data-code={n.code}>
              {n.message}
            </span>
          ))}
          {skippedBodies && (
            <span class="toolbar-notice" role="status" data-testid="capture-notice" data-code="bodies-skipped">
              {skippedBodiesMessage(skippedBodies)}
            </span>
          )}
        </div>
      )}
      {capture.error && (
        <div class="banner" role="alert">
          {capture.error}
        </div>
      )}
    </>
  );
}
