/**
 * Evaluates a constant expression of ours in the inspected page (devtools.inspectedWindow.eval)
 * and resolves with its result, or undefined when it threw. Never called with token-derived text.
 */
export function evalInPage(expression: string): Promise<unknown> {
  return new Promise((resolve) => {
    // The polyfill's promise form loses exceptionInfo; the callback form keeps it.
    chrome.devtools.inspectedWindow.eval(expression, (result: unknown, exceptionInfo?: unknown) =>
      resolve(exceptionInfo ? undefined : result),
    );
  });
}
