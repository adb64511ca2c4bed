package pl.trackbridge.tracking;

import java.util.Locale;

/** Waybill normalisation shared by every adapter and the shipment API (DESIGN §2). */
public final class Waybills {
    private Waybills() {
    }

    /** Trim, upper-case, drop inner whitespace. Returns null for null or blank input. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            // isSpaceChar also catches no-break spaces (U+00A0, U+202F) from numbers pasted out of PDFs
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                out.append(c);
            }
        }
        return out.isEmpty() ? null : out.toString().toUpperCase(Locale.ROOT);
    }
}
