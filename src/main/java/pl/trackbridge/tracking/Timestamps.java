package pl.trackbridge.tracking;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Parses the timestamp shapes carriers send. Local times without an offset are interpreted in a zone the
 * caller chooses (Europe/Warsaw for Polish carriers, status-mapping.md §3).
 */
public final class Timestamps {
    public static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    /** InPost's {@code "2020-03-20 15:08:42 +0100"}. */
    private static final DateTimeFormatter SPACE_OFFSET = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral(' ')
            .appendPattern("XX")
            .toFormatter();

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private Timestamps() {
    }

    /**
     * Parses ISO-8601 with offset or zone ({@code 2026-11-21T15:04:05+01:00}, {@code …Z}), InPost's
     * space-separated form, or a local date-time interpreted in {@code zoneForLocal}.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static Instant parse(String text, ZoneId zoneForLocal) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing timestamp");
        }
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return ZonedDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return OffsetDateTime.parse(s, SPACE_OFFSET).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return LocalDateTime.parse(s, LOCAL).atZone(zoneForLocal).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable timestamp '" + s + "'");
        }
    }
}
