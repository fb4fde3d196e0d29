package org.marketcache.marketdata;

import java.util.Locale;
import java.util.regex.Pattern;

import org.marketcache.core.InvalidInputException;

/**
 * A trading pair {@code BASE/QUOTE}, e.g. {@code BTC/USDT}. Normalised to upper case. In URLs and keys the slash
 * becomes a dash ({@code BTC-USDT}); {@link #parse} accepts {@code /}, {@code -} and {@code _} as the separator.
 */
public record Symbol(String base, String quote) {
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,20}");

    public Symbol {
        if (base == null || quote == null || !ASSET.matcher(base).matches() || !ASSET.matcher(quote).matches()) {
            throw invalid(base + "/" + quote);
        }
    }

    public static Symbol parse(String raw) {
        if (raw == null) {
            throw invalid(null);
        }
        String s = raw.trim().toUpperCase(Locale.ROOT);
        int sep = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '-' || c == '_') {
                if (sep >= 0) {
                    throw invalid(raw);
                }
                sep = i;
            }
        }
        if (sep <= 0 || sep == s.length() - 1) {
            throw invalid(raw);
        }
        String base = s.substring(0, sep);
        String quote = s.substring(sep + 1);
        if (!ASSET.matcher(base).matches() || !ASSET.matcher(quote).matches()) {
            throw invalid(raw);
        }
        return new Symbol(base, quote);
    }

    private static InvalidInputException invalid(String raw) {
        return new InvalidInputException("INVALID_SYMBOL", "symbol",
                "symbol must look like BASE/QUOTE (BTC-USDT in URLs), each part 1-20 letters or digits: "
                        + Exchange.quote(raw));
    }

    /** The form used in URLs and cache keys: {@code BTC-USDT}. */
    public String urlForm() {
        return base + "-" + quote;
    }

    @Override
    public String toString() {
        return base + "/" + quote;
    }
}
