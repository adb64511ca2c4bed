package pl.trackbridge.allegro.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * The answer to starting a device flow: show {@code userCode} and {@code verificationUri} (or the complete
 * URI) to the seller, then poll with {@code deviceCode} no faster than {@code interval}.
 */
public record DeviceAuthorization(String deviceCode, String userCode, String verificationUri,
        String verificationUriComplete, Instant expiresAt, Duration interval) {

    @Override
    public String toString() {
        // the device code is what redeems the seller's consent: keep it out of logs
        return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + ", expiresAt="
                + expiresAt + ", interval=" + interval + "]";
    }
}
