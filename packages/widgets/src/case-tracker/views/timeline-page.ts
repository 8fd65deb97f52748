/** How many timeline lines one page shows; "show earlier" adds as many again. */
export const TIMELINE_PAGE = 50;
