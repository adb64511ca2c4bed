package pl.trackbridge.forwarding;

/** A registration with its forwarding state. */
public record Forward(Registration registration, ForwardState state) {
}
