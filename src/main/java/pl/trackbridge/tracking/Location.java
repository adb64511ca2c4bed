package pl.trackbridge.tracking;

/** Where a scan happened, as far as the source says; every field may be null. */
public record Location(String city, String postalCode, String country, String pointId) {

    public static Location of(String city, String postalCode, String country) {
        if (blank(city) && blank(postalCode) && blank(country)) {
            return null;
        }
        return new Location(emptyToNull(city), emptyToNull(postalCode), emptyToNull(country), null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s.trim();
    }
}
