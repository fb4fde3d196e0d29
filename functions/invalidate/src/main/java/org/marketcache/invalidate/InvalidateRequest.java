package org.marketcache.invalidate;

import java.util.List;

/**
 * What to invalidate; exactly one shape per request:
 * <ul>
 *   <li>{@code keys}: exact cache keys (as the API or Redis shows them);</li>
 *   <li>{@code exchange} (+ {@code symbol}) (+ {@code dataType} (+ {@code timeframe} for candles)): every cached
 *       entry of that scope; {@code exchange} alone covers every known instrument of the exchange;</li>
 *   <li>the above with {@code dataType} and {@code from}/{@code to}: the chunks overlapping that time range;</li>
 *   <li>{@code all}: everything of every known instrument.</li>
 * </ul>
 * Times are epoch milliseconds or ISO-8601, as in the read API.
 */
public record InvalidateRequest(List<String> keys, String exchange, String symbol, String dataType, String timeframe,
        String from, String to, Boolean all) {
}
