package pl.trackbridge.carrier.inpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "91.216.25.0/24, 91.216.25.0, true",
            "91.216.25.0/24, 91.216.25.255, true",
            "91.216.25.0/24, 91.216.25.17, true",
            "91.216.25.0/24, 91.216.24.255, false",
            "91.216.25.0/24, 91.216.26.0, false",
            "91.216.25.0/24, 191.216.25.1, false",
            "91.216.25.7/24, 91.216.25.200, true",
            "20.65.16.22/31, 20.65.16.22, true",
            "20.65.16.22/31, 20.65.16.23, true",
            "20.65.16.22/31, 20.65.16.24, false",
            "20.65.16.22/31, 20.65.16.21, false",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "128.0.0.0/1, 255.255.255.255, true",
            "128.0.0.0/1, 127.255.255.255, false",
            "0.0.0.0/0, 1.2.3.4, true",
            "0.0.0.0/0, 255.255.255.255, true",
            "1.2.3.4/32, 1.2.3.4, true",
            "1.2.3.4/32, 1.2.3.5, false",
            "1.2.3.4, 1.2.3.4, true",
            "1.2.3.4, 1.2.3.40, false",
            "91.216.25.0/24, ::ffff:91.216.25.9, true",
            "91.216.25.0/24, ::FFFF:91.216.26.9, false",
            "91.216.25.0/24, ' 91.216.25.9 ', true",
            "' 91.216.25.0/24 ', 91.216.25.9, true",
    })
    void contains(String cidr, String ip, boolean expected) {
        Ipv4Cidr c = Ipv4Cidr.parse(cidr);
        assertNotNull(c, cidr);
        assertEquals(expected, c.contains(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "91.216.25/24", "91.216.25.0/33", "91.216.25.0/", "91.216.25.0/-1",
            "256.1.1.1", "1.2.3.4.5", "1..3.4", "1.2.3.4/8/8", "1.2.3.-4", "+1.2.3.4", "1.2.3.4 /24", "0x7f.0.0.1",
            "2001:db8::/32", "1.2.3.0004"})
    void invalidCidrsDoNotParse(String text) {
        assertNull(Ipv4Cidr.parse(text), text);
    }

    @Test
    void nullCidrDoesNotParse() {
        assertNull(Ipv4Cidr.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2001:db8::1", "::1", "localhost", "91.216.25", "91.216.25.256", "91.216.25.1.1",
            "91.216.25.1/24"})
    void addressesThatAreNotPlainIpv4NeverMatch(String ip) {
        assertFalse(Ipv4Cidr.parse("0.0.0.0/0").contains(ip), ip);
    }

    @Test
    void nullAddressNeverMatches() {
        assertFalse(Ipv4Cidr.parse("0.0.0.0/0").contains(null));
        assertFalse(Ipv4Cidr.anyContains("0.0.0.0/0", null));
        assertFalse(Ipv4Cidr.anyContains(null, "1.2.3.4"));
    }

    @Test
    void anyEntryOfAListMatchesAndInvalidEntriesAreSkipped() {
        String list = "91.216.25.0/24, nonsense ,10.0.0.0/8,,";
        assertTrue(Ipv4Cidr.anyContains(list, "10.9.8.7"));
        assertTrue(Ipv4Cidr.anyContains(list, "91.216.25.1"));
        assertFalse(Ipv4Cidr.anyContains(list, "192.168.0.1"));
        assertFalse(Ipv4Cidr.anyContains("nonsense", "192.168.0.1"), "an invalid list fails closed");
    }
}
