/**
 * The commonest English words, which are neither indexed nor searched for (MiniSearch's own
 * advice for large indexes): each is in a large share of all messages, so a query containing
 * one would walk most of the index while narrowing nothing. The app is in English; these are
 * the function words at the top of every English frequency list.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about after all also am an and any are as at be because been but by can could did do does ' +
    'for from had has have he her here him his how i if in into is it its just me my no not now of ' +
    'on or our out over she so some than that the their them then there these they this those to ' +
    'too up us very was we were what when where which while who why will with would you your'
  ).split(' '),
);
