/** True for a sighting of a token the user pasted: it says nothing about how the token travels. */
export function isPastedSighting(s: { source: string }): boolean {
  return s.source === 'pasted';
}

/**
 * The one meaning of "pasted" for a token: the user pasted it and it was never seen in traffic or
 * storage (every sighting is a paste). A token both pasted and captured counts as captured.
 */
export function isPastedEntry(sightings: readonly { source: string }[]): boolean {
  return sightings.length > 0 && sightings.every(isPastedSighting);
}
