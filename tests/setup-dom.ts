// Component tests wait for the DOM with Testing Library's waitFor/findBy*. Its default of 1 s is a
// timing assertion in disguise: on a loaded 2-core CI machine a key generation or an inspection can
// take longer, and nothing about the behaviour asserted depends on it being under a second.
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/preact');
  configure({ asyncUtilTimeout: 5_000 });
}

export {};
