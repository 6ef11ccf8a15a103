import type { CapturedToken } from '../../../lib/capture/model.ts';
import { rowOf, type TokenRow } from '../../../components/state/token-rows.ts';
import { TokenList } from '../../../components/token-list/TokenList.tsx';

/** A TokenList of `shown` at `now`, sorted by last seen, with do-nothing callbacks unless `over` says otherwise. */
export function tokenList(
  shown: readonly CapturedToken[],
  now: number,
  over: Partial<Parameters<typeof TokenList>[0]> = {},
) {
  return (
    <TokenList
      entries={shown}
      rowOf={(c: CapturedToken): TokenRow => rowOf(c, undefined)}
      selected={null}
      now={now}
      sort={{ column: 'seen', descending: true }}
      onSort={() => undefined}
      onSelect={() => undefined}
      onOpen={() => undefined}
      {...over}
    />
  );
}
