package pl.trackbridge.carrier.inpost;

/**
 * A tiny IPv4 CIDR matcher for the optional sender allow-list. Parsed by hand, never through
 * {@code InetAddress}, so a host name in the input can never trigger a DNS lookup.
 */
final class Ipv4Cidr {
    private final int network;
    private final int mask;

    private Ipv4Cidr(int network, int mask) {
        this.network = network;
        this.mask = mask;
    }

    /** {@code a.b.c.d/n} or a bare {@code a.b.c.d} (= /32); null when the text is not one. */
    static Ipv4Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        int prefix = 32;
        if (slash >= 0) {
            String bits = s.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 2 || !digitsOnly(bits)) {
                return null;
            }
            prefix = Integer.parseInt(bits);
            if (prefix > 32) {
                return null;
            }
            s = s.substring(0, slash);
        }
        Long address = parseAddress(s);
        if (address == null) {
            return null;
        }
        // int shift by 32 is a no-op in Java, hence the explicit /0 case
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new Ipv4Cidr(address.intValue() & mask, mask);
    }

    boolean contains(String ip) {
        Long address = parseAddress(stripMappedPrefix(ip));
        return address != null && (address.intValue() & mask) == network;
    }

    /**
     * True when {@code ip} is inside any entry of a comma-separated list. Invalid entries never match,
     * so a typo in the configuration fails closed instead of opening the endpoint.
     */
    static boolean anyContains(String commaSeparatedCidrs, String ip) {
        if (commaSeparatedCidrs == null || ip == null) {
            return false;
        }
        boolean found = false;
        for (String entry : commaSeparatedCidrs.split(",")) {
            Ipv4Cidr cidr = parse(entry);
            if (cidr != null && cidr.contains(ip)) {
                found = true;
            }
        }
        return found;
    }

    /** A dual-stack socket reports IPv4 peers as {@code ::ffff:a.b.c.d}. */
    private static String stripMappedPrefix(String ip) {
        if (ip == null) {
            return null;
        }
        String s = ip.trim();
        if (s.regionMatches(true, 0, "::ffff:", 0, 7)) {
            return s.substring(7);
        }
        return s;
    }

    private static Long parseAddress(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !digitsOnly(p)) {
                return null;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static boolean digitsOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
