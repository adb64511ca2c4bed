package pl.trackbridge.carrier.ups;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** UPS's split {@code YYYYMMDD} + {@code HHMMSS} date/time fields (UPSTrackAlert.yaml TrackingEventRequest). */
final class UpsTimes {
    private static final Pattern DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern TIME = Pattern.compile("(\\d{2}):?(\\d{2}):?(\\d{2})");
    /** {@code gmtOffset} as in ups.md ({@code -04.00}); also {@code -04:00}, {@code -0400}, {@code +5}. */
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{1,2})(?:[.:]?(\\d{2}))?");

    /**
     * Zones of single-zone countries a Polish seller's parcels pass through, for a local time that comes
     * without gmt fields or gmtOffset. Anything else is read as UTC: a few hours off, never rejected.
     */
    private static final Map<String, ZoneId> COUNTRY_ZONES = Map.ofEntries(
            Map.entry("PL", ZoneId.of("Europe/Warsaw")),
            Map.entry("DE", ZoneId.of("Europe/Berlin")),
            Map.entry("CZ", ZoneId.of("Europe/Prague")),
            Map.entry("SK", ZoneId.of("Europe/Bratislava")),
            Map.entry("LT", ZoneId.of("Europe/Vilnius")),
            Map.entry("AT", ZoneId.of("Europe/Vienna")),
            Map.entry("NL", ZoneId.of("Europe/Amsterdam")),
            Map.entry("BE", ZoneId.of("Europe/Brussels")),
            Map.entry("FR", ZoneId.of("Europe/Paris")),
            Map.entry("IT", ZoneId.of("Europe/Rome")),
            Map.entry("GB", ZoneId.of("Europe/London")),
            Map.entry("IE", ZoneId.of("Europe/Dublin")));

    private UpsTimes() {
    }

    /** The date and time as a local date-time; IllegalArgumentException when either is unreadable. */
    static LocalDateTime parse(String date, String time) {
        Matcher d = DATE.matcher(date == null ? "" : date.trim());
        Matcher t = TIME.matcher(time == null ? "" : time.trim());
        if (!d.matches()) {
            throw new IllegalArgumentException("date '" + date + "' is not YYYYMMDD");
        }
        if (!t.matches()) {
            throw new IllegalArgumentException("time '" + time + "' is not HHMMSS");
        }
        try {
            return LocalDateTime.of(
                    LocalDate.of(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)), Integer.parseInt(d.group(3))),
                    LocalTime.of(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)), Integer.parseInt(t.group(3))));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + date + " " + time + "' is not a valid date-time");
        }
    }

    /** The offset in {@code gmtOffset}, or null when absent or unreadable (the caller then guesses a zone). */
    static ZoneOffset offset(String gmtOffset) {
        if (gmtOffset == null) {
            return null;
        }
        Matcher m = OFFSET.matcher(gmtOffset.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            int hours = Integer.parseInt(m.group(2));
            int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = m.group(1).equals("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The zone for a local time: gmtOffset, else the activity country's zone, else UTC. */
    static ZoneId zoneFor(String gmtOffset, String country) {
        ZoneOffset offset = offset(gmtOffset);
        if (offset != null) {
            return offset;
        }
        ZoneId byCountry = country == null ? null : COUNTRY_ZONES.get(country.trim().toUpperCase(Locale.ROOT));
        return byCountry != null ? byCountry : ZoneOffset.UTC;
    }

    static Instant utc(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }
}
