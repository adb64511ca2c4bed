package pl.trackbridge.allegro.auth;

import java.time.Clock;
import java.util.Optional;

/**
 * Connects an account with Allegro's device flow in two stateless steps, so it works behind API Gateway as
 * well as locally: {@link #start} shows the seller where to confirm, {@link #poll} (called no faster than
 * the interval, e.g. by scripts/connect-allegro.sh) stores the tokens once the seller has confirmed. The
 * device code stays server-side: it is what redeems the seller's consent.
 */
public final class DeviceFlowService {

    /** Where the pending device code of an account is kept between the two steps. */
    public interface PendingDevices {
        void save(String accountId, DeviceAuthorization device);

        Optional<DeviceAuthorization> find(String accountId);

        void delete(String accountId);
    }

    public enum Outcome { CONNECTED, PENDING, FAILED, NOT_STARTED }

    public record PollResult(Outcome outcome, String detail, long intervalSeconds) {
    }

    private final AllegroAuthClient auth;
    private final AllegroTokenService tokens;
    private final PendingDevices pending;
    private final Clock clock;

    public DeviceFlowService(AllegroAuthClient auth, AllegroTokenService tokens, PendingDevices pending, Clock clock) {
        this.auth = auth;
        this.tokens = tokens;
        this.pending = pending;
        this.clock = clock;
    }

    public DeviceAuthorization start(String accountId) {
        DeviceAuthorization device = auth.startDevice();
        pending.save(accountId, device);
        return device;
    }

    public PollResult poll(String accountId) {
        Optional<DeviceAuthorization> device = pending.find(accountId);
        if (device.isEmpty()) {
            return new PollResult(Outcome.NOT_STARTED, "no device flow is pending for this account", 0);
        }
        DeviceAuthorization d = device.get();
        if (clock.instant().isAfter(d.expiresAt())) {
            pending.delete(accountId);
            return new PollResult(Outcome.FAILED, "the user code expired; start again", 0);
        }
        DevicePoll poll = auth.pollDevice(d.deviceCode());
        return switch (poll.status()) {
            case GRANTED -> {
                tokens.connect(accountId, poll.tokens());
                pending.delete(accountId);
                yield new PollResult(Outcome.CONNECTED, null, 0);
            }
            case PENDING -> new PollResult(Outcome.PENDING, "waiting for the seller to confirm", d.interval().toSeconds());
            case SLOW_DOWN -> new PollResult(Outcome.PENDING, "polling too fast", d.interval().toSeconds() + 5);
            case FAILED -> {
                pending.delete(accountId);
                yield new PollResult(Outcome.FAILED, poll.error(), 0);
            }
        };
    }
}
