// A list's pages: previous and next, and which rows the page shows.

/** Previous and next page, with where the page is in the list. */
export function Pager(props: {
  what: string;
  offset: number;
  shown: number;
  nextOffset: number | null;
  pageSize: number;
  onOffset: (offset: number) => void;
}) {
  const { what, offset, shown, nextOffset, pageSize, onOffset } = props;
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <button
        type="button"
        className="secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        Previous page
      </button>
      <span aria-live="polite">
        Showing {what} {offset + 1} to {offset + shown}
        {nextOffset === null ? '' : ', more after'}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={nextOffset === null}
        onClick={() => nextOffset !== null && onOffset(nextOffset)}
      >
        Next page
      </button>
    </nav>
  );
}
